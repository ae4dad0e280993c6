import type { ServerResponse } from "node:http";
import { answeredAfterProcessing, ERROR_CODES, sendError, sendJson } from "../errors";
import type { Fault } from "../faults";
import type { JobStore } from "../jobStore";

/** Sub-job statuses the `status` filter accepts. */
const STATUSES = ["SUCCESS", "RUNNING", "FAILED", "WAITING"];

/** Largest `limit`, and the default. */
const MAX_LIMIT = 1000;

/** Path of the route, with the project id captured. */
export const SUB_JOBS_PATH = /^\/v2\/([^/]+)\/workspace-sub-jobs$/;

function wholeNumber(params: URLSearchParams, name: string, fallback: number, max: number): number | string {
    const text = params.get(name);
    if (text === null || text === "") return fallback;
    if (!/^\d+$/.test(text) || Number(text) > max) return `The parameter ${name} must be a whole number from 0 to ${max}, got "${text}".`;
    return Number(text);
}

/** Every sub job of the project as the listing shows it: each carries its parent's id and type. */
function listed(store: JobStore, projectId: string): Array<Record<string, unknown>> {
    const jobs = store
        .all()
        .filter((job) => job.projectId === projectId)
        // Newest first, as a busy service tends to answer: clients must sort for themselves.
        .sort((a, b) => b.beginMs - a.beginMs || (a.id < b.id ? -1 : 1));
    return jobs.flatMap((job) => {
        const view = store.view(job);
        return (view.sub_jobs as Array<Record<string, unknown>>).map((sub) => ({
            ...sub,
            job_id: job.id,
            job_type: job.jobType,
            project_id: job.projectId,
            begin_time: view.begin_time,
            end_time: view.end_time,
        }));
    });
}

/**
 * `GET /v2/{project_id}/workspace-sub-jobs`: the sub jobs of the project's jobs, filtered by
 * `status`, `job_id`, `job_type` (the parent job's type) and `desktop_pool_id` (no emulated
 * desktop is in a pool), paged by `limit` (0-1000, default 1000) and `offset`; answers
 * `{ total_count, jobs }`. Faults on route `listSubJobs`: `malformed`, `drop-after`.
 *
 * @param rawQuery - the query string as received, without `?`
 */
export function listSubJobs(store: JobStore, projectId: string, rawQuery: string, res: ServerResponse, fault: Fault | undefined): void {
    const params = new URLSearchParams(rawQuery);
    const status = params.get("status");
    if (status !== null && status !== "" && !STATUSES.includes(status)) {
        return sendError(res, 400, ERROR_CODES.badRequest, `The parameter status must be one of ${STATUSES.join(", ")}, got "${status}".`);
    }
    const limit = wholeNumber(params, "limit", MAX_LIMIT, MAX_LIMIT);
    const offset = wholeNumber(params, "offset", 0, Number.MAX_SAFE_INTEGER);
    for (const problem of [limit, offset]) {
        if (typeof problem === "string") return sendError(res, 400, ERROR_CODES.badRequest, problem);
    }
    const filters: Array<[string, string | null]> = [
        ["status", status],
        ["job_id", params.get("job_id")],
        ["job_type", params.get("job_type")],
        ["desktop_pool_id", params.get("desktop_pool_id")],
    ];
    const matching = listed(store, projectId).filter((sub) => filters.every(([name, value]) => !value || sub[name] === value));
    if (answeredAfterProcessing(res, fault, '{"total_count": ')) return;
    const start = offset as number;
    sendJson(res, 200, { total_count: matching.length, jobs: matching.slice(start, start + (limit as number)) });
}
