/** When a job began and ended, as `GET /v2/{project_id}/workspace-jobs/{job_id}` spells it. */
export interface JobTimes {
    /** `begin_time`, empty when absent. */
    beginTime: string;
    /** `end_time`, empty while the job runs. */
    endTime: string;
}

/**
 * The begin and end times of a job's JSON, as given (strings; anything else is empty).
 *
 * @param json - the parsed body of a job
 */
export function parseJobTimes(json: Record<string, unknown>): JobTimes {
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    return { beginTime: text(json.begin_time), endTime: text(json.end_time) };
}

/** `2024-05-06 07:08:09` or `2024-05-06T07:08:09.123`: a time with no zone, which Huawei means as UTC. */
const ZONELESS = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/;

/**
 * Milliseconds since the epoch of an API time, or `undefined` when it is not a time. A time
 * without a zone is read as UTC (Node would read it as local time).
 *
 * @param value - e.g. `2024-05-06T07:08:09.000Z`, `2024-05-06 07:08:09`
 */
export function apiTimeMs(value: string): number | undefined {
    const trimmed = value.trim();
    if (trimmed === "") return undefined;
    const ms = Date.parse(ZONELESS.test(trimmed) ? `${trimmed.replace(" ", "T")}Z` : trimmed);
    return Number.isNaN(ms) ? undefined : ms;
}
