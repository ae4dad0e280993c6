/**
 * The sub-job list of the Workspace API (`GET /v2/{project_id}/workspace-sub-jobs`): query
 * building and answer parsing, apart from the client that sends it.
 *
 * @packageDocumentation
 */
import { fieldText } from "./responses";

/** Filters and page of one sub-job list call. Every field is optional, as in the API. */
export interface SubJobQuery {
    /** `SUCCESS`, `RUNNING`, `FAILED` or `WAITING`. */
    status?: string;
    /** Only the sub jobs of this (parent) job. */
    jobId?: string;
    /** Only sub jobs of this job type, e.g. `applyWorkspace`. */
    jobType?: string;
    /** Only sub jobs of this desktop pool. */
    desktopPoolId?: string;
    /** Page size, 0 to 1000; the API's default is 1000. */
    limit?: number;
    /** Sub jobs to skip. */
    offset?: number;
}

/** One sub job as listed. */
export interface ListedSubJob {
    /** `id`: a sub job listed on two pages is kept once by it. */
    id: string;
    /** `job_id`: the parent job, the one that is read and retried. */
    jobId: string;
    /** `job_type` as listed; empty when absent. */
    jobType: string;
    /** `status` as spelled, e.g. `FAILED`. */
    status: string;
    /** Begin time as the API spelled it, empty when absent. */
    beginTime: string;
    /** End time as the API spelled it, empty when absent. */
    endTime: string;
    /** Why it failed, empty when it did not. */
    failReason: string;
    /** Error code, empty when none. */
    errorCode: string;
}

/** One page of the sub-job list. */
export interface SubJobPage {
    /** Sub jobs matching the filters, over all pages, as the server counted them. */
    totalCount: number;
    /** The sub jobs of this page. */
    subJobs: ListedSubJob[];
}

const QUERY_NAMES: Readonly<Record<keyof SubJobQuery, string>> = {
    status: "status",
    jobId: "job_id",
    jobType: "job_type",
    desktopPoolId: "desktop_pool_id",
    limit: "limit",
    offset: "offset",
};

/**
 * The query string of a list call, `?` included (empty when no filter): names in a fixed
 * order, values percent-encoded, so the signed and the sent query are the same bytes.
 *
 * @param query - filters and page
 */
export function subJobQueryString(query: SubJobQuery): string {
    const pairs: string[] = [];
    for (const [key, name] of Object.entries(QUERY_NAMES) as [keyof SubJobQuery, string][]) {
        const value = query[key];
        if (value !== undefined && value !== "") pairs.push(`${name}=${encodeURIComponent(String(value))}`);
    }
    return pairs.length ? `?${pairs.join("&")}` : "";
}

/**
 * Reads one page from the API's JSON, or returns why it is not a page (a string). Entries
 * that are not objects are skipped; a missing `total_count` counts what arrived.
 *
 * @param json - the parsed body
 */
export function parseSubJobPage(json: Record<string, unknown>): SubJobPage | string {
    if (!Array.isArray(json.jobs)) {
        return `the answer has no "jobs" list (got ${JSON.stringify(json.jobs ?? null)})`;
    }
    const subJobs = json.jobs
        .filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === "object")
        .map((entry) => ({
            id: fieldText(entry.id),
            jobId: fieldText(entry.job_id),
            jobType: fieldText(entry.job_type),
            status: fieldText(entry.status),
            beginTime: fieldText(entry.begin_time),
            endTime: fieldText(entry.end_time),
            failReason: fieldText(entry.fail_reason),
            errorCode: fieldText(entry.error_code),
        }));
    const total = json.total_count;
    return { totalCount: typeof total === "number" && Number.isInteger(total) && total >= 0 ? total : subJobs.length, subJobs };
}
