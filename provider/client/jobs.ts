import { fieldText } from "./responses";

/** Counts of a job's sub jobs by status, e.g. `{ SUCCESS: 3, FAILED: 1 }`. */
export type SubJobSummary = Record<string, number>;

/** One sub job of a Workspace job (a desktop's share of the work). */
export interface SubJob {
    /** `id`; empty when the answer had none. */
    id: string;
    /** Raw status, e.g. `SUCCESS`, `FAILED`, `RUNNING`. */
    status: string;
    /** Why it failed, empty when it did not. */
    failReason: string;
}

/** A Workspace job as `GET /v2/{project_id}/workspace-jobs/{job_id}` returns it. */
export interface JobDetails {
    /** `id`: what paths and other jobs' `job_id` fields name it by. */
    id: string;
    /** `applyWorkspace`, `cancelWorkspace`, ... */
    jobType: string;
    /** Raw status as the API spelled it. */
    status: string;
    /** Why the job failed, empty when none. */
    failReason: string;
    /** The job's error code, empty when none. */
    jobErrorCode: string;
    /** `sub_jobs`, one per desktop; empty when the answer had none. */
    subJobs: SubJob[];
}

/** Where a job stands, whatever spelling the API used. */
export type JobPhase = "pending" | "succeeded" | "failed";

const DONE = new Set(["SUCCESS", "COMPLETE", "COMPLETED"]);
const FAILED = new Set(["FAIL", "FAILED"]);

/**
 * The phase of a job. `SUCCESS`/`COMPLETE` with any sub job not `SUCCESS` counts as failed
 * (as Huawei's Terraform provider does); an unknown status is pending.
 *
 * @param job - the job as read
 */
export function jobPhase(job: JobDetails): JobPhase {
    return phaseOf(
        job.status,
        job.subJobs.map((sub) => sub.status),
    );
}

/**
 * The phase of a job from its status and its sub jobs' statuses (see {@link jobPhase}).
 *
 * @param status - the job's raw status
 * @param subJobStatuses - each sub job's raw status
 */
export function phaseOf(status: string, subJobStatuses: readonly string[]): JobPhase {
    const upper = status.toUpperCase();
    if (FAILED.has(upper)) return "failed";
    if (!DONE.has(upper)) return "pending";
    return subJobStatuses.every((sub) => sub.toUpperCase() === "SUCCESS") ? "succeeded" : "failed";
}

/**
 * Whether a job or sub job with this raw status is over, whatever its outcome.
 *
 * @param status - e.g. `SUCCESS`, `FAILED`, `RUNNING`
 */
export function isFinished(status: string): boolean {
    const upper = status.toUpperCase();
    return DONE.has(upper) || FAILED.has(upper);
}

/**
 * Sub jobs counted by raw status.
 *
 * @param job - the job as read
 */
export function summarizeSubJobs(job: JobDetails): SubJobSummary {
    const summary: SubJobSummary = {};
    for (const sub of job.subJobs) {
        summary[sub.status] = (summary[sub.status] ?? 0) + 1;
    }
    return summary;
}

/**
 * Why the job failed, in one line: its own reason, else the first failed sub job's.
 *
 * @param job - the job as read
 */
export function failReasonOf(job: JobDetails): string {
    if (job.failReason) return job.failReason;
    const failedSub = job.subJobs.find((sub) => sub.status.toUpperCase() !== "SUCCESS" && sub.failReason);
    return failedSub ? `sub job ${failedSub.id}: ${failedSub.failReason}` : "";
}

/**
 * Reads a job from the API's JSON, tolerating missing fields.
 *
 * @param json - the parsed body
 */
export function parseJob(json: Record<string, unknown>): JobDetails {
    const subJobs = Array.isArray(json.sub_jobs) ? json.sub_jobs : [];
    return {
        id: fieldText(json.id),
        jobType: fieldText(json.job_type),
        status: fieldText(json.status),
        failReason: fieldText(json.fail_reason),
        jobErrorCode: fieldText(json.job_error_code),
        subJobs: subJobs
            .filter((sub): sub is Record<string, unknown> => sub !== null && typeof sub === "object")
            .map((sub) => ({ id: fieldText(sub.id), status: fieldText(sub.status), failReason: fieldText(sub.fail_reason) })),
    };
}
