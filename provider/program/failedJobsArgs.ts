import { RETRIABLE_JOB_TYPES } from "../shared/constants";
import { endpointProblem, regionProblem } from "../shared/endpoint";
import type { SubJobSummary } from "../shared/types";
import { idProblem } from "../shared/validation";

/**
 * Arguments of {@link getFailedJobs}. Project id, region and endpoint fall back exactly as a
 * `JobRetry`'s do: stack config (`huaweicloud:projectId`, `huaweicloud:region`,
 * `huaweicloud:workspaceEndpoint`), then the environment (`HW_PROJECT_ID` /
 * `HUAWEICLOUD_SDK_PROJECT_ID`, `HW_REGION_NAME`, `HW_WORKSPACE_ENDPOINT`). Credentials are
 * never arguments: they come from stack config or the environment only.
 */
export interface GetFailedJobsArgs {
    /**
     * Huawei Cloud project id.
     * @defaultValue stack config `huaweicloud:projectId`, then `HW_PROJECT_ID` / `HUAWEICLOUD_SDK_PROJECT_ID`
     */
    projectId?: string;
    /**
     * Region, e.g. `cn-north-4`, that gives the endpoint.
     * @defaultValue stack config `huaweicloud:region`, then `HW_REGION_NAME`
     */
    region?: string;
    /**
     * Base URL that overrides the region's endpoint (the emulator, a proxy); `https://` unless on loopback.
     * @defaultValue stack config `huaweicloud:workspaceEndpoint`, then `HW_WORKSPACE_ENDPOINT`
     */
    endpoint?: string;
    /**
     * Job types to look for: `applyWorkspace` (registration) and / or `cancelWorkspace`
     * (deregistration), the only types the retry API accepts.
     * @defaultValue `["applyWorkspace", "cancelWorkspace"]`
     */
    jobTypes?: string[];
    /**
     * Only jobs that began at or after this time: a `Date`, or an ISO-8601 string with a
     * zone such as `"2024-05-01T00:00:00Z"`.
     * @defaultValue no bound
     */
    since?: string | Date;
    /**
     * `false`: only the failure the project's Workspace service is stuck on (its `job_id` while
     * its status is `SUBSCRIPTION_FAILED` or `DEREGISTRATION_FAILED`, when that job is of a
     * type asked for): the one job a retry can help now, 0 or 1 per project. `true`: every
     * failed registration and deregistration job in the history, with `current` telling which
     * one the service is stuck on; the others are stale (a retry would be refused).
     * @defaultValue false
     */
    includeHistory?: boolean;
}

/** A failed job, as {@link getFailedJobs} returns it. */
export interface FailedJob {
    /** Id of the failed job: what a `JobRetry`'s `jobId` takes. */
    jobId: string;
    /** `applyWorkspace` or `cancelWorkspace`. */
    jobType: string;
    /** Its status as the API spelled it (`FAILED` or `FAIL`). */
    status: string;
    /** Why it failed: its own reason, else its first failed sub job's; empty when the API said none. */
    failReason: string;
    /** When it began, as the API spelled it. */
    beginTime: string;
    /** When it ended, as the API spelled it; empty when the API said none. */
    endTime: string;
    /** Its sub jobs counted by status, e.g. `{ FAILED: 2, SUCCESS: 1 }`. */
    subJobs: SubJobSummary;
    /**
     * Whether the project's Workspace service is stuck on this failure (its `job_id`, in a
     * failed state): the only kind of failed job a `JobRetry` retries. Always `true` unless
     * `includeHistory` was asked for.
     */
    current: boolean;
}

/** What {@link getFailedJobs} returns. */
export interface GetFailedJobsResult {
    /** The failed jobs, oldest first (by begin time, then id): by default 0 or 1, the current failure. */
    jobs: FailedJob[];
}

/** An argument of `getFailedJobs` that is not acceptable; raised before any request. */
export class FailedJobsArgumentError extends Error {
    /** Always `"FailedJobsArgumentError"`, so type guards work across copies of this package. */
    override readonly name = "FailedJobsArgumentError";

    /**
     * @param field - the argument's name
     * @param reason - what is wrong and what is allowed
     */
    constructor(
        /** The argument's name, e.g. `jobTypes`. */
        readonly field: string,
        reason: string,
    ) {
        super(`Invalid getFailedJobs argument "${field}": ${reason}`);
    }
}

/** The arguments once checked: settings for the resolver, the filters normalized. */
export interface CheckedFailedJobsArgs {
    /** `projectId`, `region` and `endpoint` as given, for the settings resolver. */
    settingInputs: Record<string, string>;
    /** Distinct job types, in the order given. */
    jobTypes: string[];
    /** Lower bound of the begin time, in ms since the epoch. */
    sinceMs?: number;
    /** Whether every failed job of the history is asked for, not only the current failure. */
    includeHistory: boolean;
}

const KNOWN_ARGS = ["projectId", "region", "endpoint", "jobTypes", "since", "includeHistory"];

const ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

function sinceMs(since: unknown): number | undefined {
    if (since === undefined || since === null) return undefined;
    if (since instanceof Date) {
        if (Number.isNaN(since.getTime())) throw new FailedJobsArgumentError("since", "must be a valid Date; got an invalid Date");
        return since.getTime();
    }
    const rule = `must be a Date or an ISO-8601 time with a zone, such as "2024-05-01T00:00:00Z"`;
    if (typeof since !== "string") throw new FailedJobsArgumentError("since", `${rule}; got a ${typeof since}`);
    const ms = Date.parse(since);
    if (!ZONE.test(since.trim()) || Number.isNaN(ms) || !/^\d{4}-\d\d-\d\d/.test(since.trim())) {
        throw new FailedJobsArgumentError("since", `${rule}; got ${JSON.stringify(since)}`);
    }
    return ms;
}

function jobTypes(value: unknown): string[] {
    if (value === undefined || value === null) return [...RETRIABLE_JOB_TYPES];
    const allowed = RETRIABLE_JOB_TYPES.map((type) => JSON.stringify(type)).join(" and ");
    if (!Array.isArray(value) || value.length === 0) {
        throw new FailedJobsArgumentError("jobTypes", `must be a non-empty list of ${allowed}; got ${JSON.stringify(value)}`);
    }
    for (const type of value) {
        if (typeof type !== "string" || !RETRIABLE_JOB_TYPES.includes(type)) {
            throw new FailedJobsArgumentError(
                "jobTypes",
                `may hold only ${allowed} (the job types the retry API accepts); got ${JSON.stringify(type)}`,
            );
        }
    }
    return [...new Set(value as string[])];
}

/**
 * Checks the arguments of `getFailedJobs` and normalizes them; throws a
 * {@link FailedJobsArgumentError} naming the first bad one.
 *
 * @param args - as the caller gave them
 */
export function checkFailedJobsArgs(args: GetFailedJobsArgs | undefined): CheckedFailedJobsArgs {
    if (args !== undefined && (args === null || typeof args !== "object" || Array.isArray(args))) {
        throw new FailedJobsArgumentError("args", `must be an object or undefined; got ${JSON.stringify(args)}`);
    }
    const given = (args ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(given).find((key) => !KNOWN_ARGS.includes(key));
    if (unknown !== undefined) {
        throw new FailedJobsArgumentError(unknown, `is not an argument of getFailedJobs; the arguments are ${KNOWN_ARGS.join(", ")}`);
    }
    const rules: Record<string, (value: string) => string | undefined> = {
        projectId: idProblem,
        region: regionProblem,
        endpoint: endpointProblem,
    };
    const settingInputs: Record<string, string> = {};
    for (const [field, problem] of Object.entries(rules)) {
        const value = given[field];
        if (value === undefined || value === null || value === "") continue;
        const reason = typeof value === "string" ? problem(value) : `must be a string; got a ${typeof value}`;
        if (reason) throw new FailedJobsArgumentError(field, reason);
        settingInputs[field] = value as string;
    }
    const includeHistory = given.includeHistory ?? false;
    if (typeof includeHistory !== "boolean") {
        throw new FailedJobsArgumentError("includeHistory", `must be true or false; got ${JSON.stringify(includeHistory)}`);
    }
    return { settingInputs, jobTypes: jobTypes(given.jobTypes), sinceMs: sinceMs(given.since), includeHistory };
}
