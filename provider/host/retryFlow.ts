/**
 * The retry of one failed job, decided from the Workspace service's state: read the service
 * and the failed job, apply the decision table (./retryDecision), and then send the POST once,
 * record the job already running, or refuse; a POST whose answer was lost is resolved from
 * the service before it is reported as "outcome unknown".
 *
 * @packageDocumentation
 */
import { isLostRetryAnswer } from "../client/errors";
import type { WorkspaceClient } from "../client/workspaceClient";
import { SERVICE_READ_PERMISSION } from "../shared/constants";
import type { ProcessSeams } from "../shared/processSeams";
import { isServiceJobType, ServiceJobType } from "../client/workspaceService";
import { decide } from "./retryDecision";
import { refusal, uncheckedWarning, unnamedRunningJob, unresolvedAdvice } from "./serviceMessages";
import { BeforeRetry, findStartedJob, ReadJob, readBeforeRetry, runningJob } from "./serviceState";

/** The seams the flow uses: a timer between reads of the service after a lost answer, and the warning line. */
type RetryFlowSeams = Pick<ProcessSeams, "sleep" | "warn">;

/** The job a retry started, or the job found already running for the failure. */
export interface RetryOutcome {
    /** Its id: the resource's id and `newJobId`. */
    newJobId: string;
    /** `X-Request-Id` of the accepted POST, when there was one and it was answered. */
    retryRequestId?: string;
    /** The job as read, when it was read (recorded, or found after a lost answer). */
    job?: ReadJob;
    /** How the job came to be recorded. */
    how: "sent" | "found-running" | "found-after-lost-answer";
}

/**
 * Retries a failed job at most once, as the service's state allows.
 *
 * @param client - the project's client
 * @param jobId - the failed job
 * @param seams - timer and warning output
 * @throws ServiceStateRefusal when the service's state says no retry; the client's errors otherwise
 */
export async function retryFromServiceState(client: WorkspaceClient, jobId: string, seams: RetryFlowSeams): Promise<RetryOutcome> {
    const before = await readBeforeRetry(client, jobId);
    const { job, service } = before;
    const verdict = decide({ jobType: job?.jobType ?? "", serviceStatus: service?.status });
    switch (verdict) {
        case "send":
            return send(client, jobId, seams, before);
        case "send-not-service-job":
            return send(client, jobId, seams);
        case "send-unchecked":
            seams.warn(uncheckedWarning(jobId, ...whatIsUnread(before)));
            return send(client, jobId, seams);
        case "record-running": {
            // The table's "record" rows exist only for a known service and a service job type.
            const type = job!.jobType as ServiceJobType;
            const running = await runningJob(client, job!, type, service!);
            if (!running) throw unnamedRunningJob(jobId, service!);
            return { newJobId: running.id, job: running, how: "found-running" };
        }
        default:
            throw refusal(verdict, jobId, job!.jobType as ServiceJobType, service!, client.projectId);
    }
}

/** What could not be read, and the permission that would let it be read. */
function whatIsUnread(before: BeforeRetry): [string, string] {
    if (before.serviceUnreadable) {
        const error = before.serviceUnreadable;
        return [`the Workspace service's state (HTTP ${error.status} ${error.code || "(no error_code)"})`, SERVICE_READ_PERMISSION];
    }
    if (before.jobUnreadable) {
        const error = before.jobUnreadable;
        return [`the failed job's type (HTTP ${error.status} ${error.code || "(no error_code)"})`, "workspace:jobs:get"];
    }
    return [
        before.service?.status ? "the failed job's type" : "the Workspace service's status (the answer had none)",
        SERVICE_READ_PERMISSION,
    ];
}

/**
 * Sends the POST once. A lost answer is looked up in the service when its state before the
 * POST is known; found, the job is recorded as if the answer had arrived.
 */
async function send(client: WorkspaceClient, jobId: string, seams: RetryFlowSeams, before?: BeforeRetry): Promise<RetryOutcome> {
    try {
        const { newJobId, requestId } = await client.retryJob(jobId);
        return { newJobId, ...(requestId ? { retryRequestId: requestId } : {}), how: "sent" };
    } catch (error) {
        if (!isLostRetryAnswer(error)) throw error;
        const failed = before?.job;
        if (!failed || !before?.service || !isServiceJobType(failed.jobType)) {
            error.message = [error.message, ...unresolvedAdvice("not read: the service's state before the POST was not known")].join("\n");
            throw error;
        }
        const search = await findStartedJob(client, failed, failed.jobType, before.service, seams.sleep);
        if ("found" in search) {
            const requestId = "requestId" in error ? error.requestId : undefined;
            return {
                newJobId: search.found.id,
                ...(requestId ? { retryRequestId: requestId } : {}),
                job: search.found,
                how: "found-after-lost-answer",
            };
        }
        error.message = [error.message, ...unresolvedAdvice(search.seen)].join("\n");
        throw error;
    }
}
