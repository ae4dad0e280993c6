import type { ServerResponse } from "node:http";
import { answeredAfterProcessing, ERROR_CODES, sendError, sendJson } from "../errors";
import type { Fault } from "../faults";
import { JobStore, RETRIABLE_JOB_TYPES } from "../jobStore";

/** The parts of a request a route handler needs. */
export interface RouteRequest {
    projectId: string;
    jobId: string;
    contentType: string;
    body: string;
}

/**
 * `POST /v2/{project_id}/workspace-jobs/{job_id}/actions` with `{"op_type":"retry"}`:
 * starts a new job for a FAILED `applyWorkspace` / `cancelWorkspace` job and answers its id.
 * The failed job stays as it was, so it can be retried again (a changed trigger).
 *
 * @returns the new job's id, or `undefined` when an error was answered
 */
export function retryJob(store: JobStore, req: RouteRequest, res: ServerResponse): string | undefined {
    if (!req.contentType.toLowerCase().startsWith("application/json")) {
        sendError(res, 400, ERROR_CODES.badRequest, `Content-Type must be application/json, got "${req.contentType}".`);
        return undefined;
    }
    let opType: unknown;
    try {
        opType = (JSON.parse(req.body) as { op_type?: unknown })?.op_type;
    } catch {
        sendError(res, 400, ERROR_CODES.badRequest, "The request body is not valid JSON.");
        return undefined;
    }
    if (opType !== "retry") {
        sendError(res, 400, ERROR_CODES.badRequest, `Unsupported op_type ${JSON.stringify(opType ?? null)}: only "retry" is supported.`);
        return undefined;
    }
    const job = store.find(req.projectId, req.jobId);
    if (!job) {
        sendError(res, 404, ERROR_CODES.jobNotFound, `Job ${req.jobId} does not exist in project ${req.projectId}.`);
        return undefined;
    }
    if (!RETRIABLE_JOB_TYPES.has(job.jobType)) {
        sendError(
            res,
            400,
            ERROR_CODES.jobNotRetriable,
            `Job ${job.id} is a ${job.jobType} job: only applyWorkspace and cancelWorkspace jobs can be retried.`,
        );
        return undefined;
    }
    const status = String(store.view(job).status);
    if (status !== "FAILED" && status !== "FAIL") {
        sendError(res, 400, ERROR_CODES.jobNotRetriable, `Job ${job.id} is ${status}: only FAILED jobs can be retried.`);
        return undefined;
    }
    return store.startRetry(job).id;
}

/**
 * Answers a started retry, applying the fault that acts after processing, if any.
 *
 * @param newJobId - id of the job just started
 * @param fault - the fault drawn for this answer
 */
export function answerRetry(res: ServerResponse, newJobId: string, fault: Fault | undefined): void {
    if (answeredAfterProcessing(res, fault, '{"job_id": "')) return;
    switch (fault?.kind) {
        case "no-job-id":
            sendJson(res, 200, {});
            return;
        case "status":
            sendError(res, fault.status ?? 500, fault.code ?? ERROR_CODES.internal, "Internal service error (emulated).");
            return;
        default:
            sendJson(res, 200, { job_id: newJobId });
    }
}

/**
 * `GET /v2/{project_id}/workspace-jobs/{job_id}`: the job with its sub jobs.
 */
export function showJob(
    store: JobStore,
    req: Pick<RouteRequest, "projectId" | "jobId">,
    res: ServerResponse,
    fault: Fault | undefined,
): void {
    const job = store.find(req.projectId, req.jobId);
    if (!job) {
        sendError(res, 404, ERROR_CODES.jobNotFound, `Job ${req.jobId} does not exist in project ${req.projectId}.`);
        return;
    }
    if (answeredAfterProcessing(res, fault, '{"id": ')) return;
    sendJson(res, 200, store.view(job));
}
