import { failReasonOf, JobDetails, summarizeSubJobs } from "../client/jobs";
import { apiTimeMs, JobTimes } from "../client/jobTimes";
import type { ListedSubJob } from "../client/subJobs";
import type { FailedJob } from "./failedJobsArgs";

/** Top-level statuses that say the job itself failed: the only ones the retry API accepts. */
const FAILED_STATUSES = new Set(["FAILED", "FAIL"]);

/**
 * Ids of the parent jobs of failed sub jobs, in order of first appearance, each once. With
 * `sinceMs`, a parent with a sub job that began before it is left out without reading it: a
 * sub job never begins before its parent.
 *
 * @param subJobs - failed sub jobs, as listed
 * @param sinceMs - lower bound of the parent's begin time, in ms since the epoch
 */
export function parentJobIds(subJobs: readonly ListedSubJob[], sinceMs?: number): string[] {
    const tooOld = new Set<string>();
    const parents = new Set<string>();
    for (const subJob of subJobs) {
        if (subJob.jobId === "") continue;
        parents.add(subJob.jobId);
        const began = apiTimeMs(subJob.beginTime);
        if (sinceMs !== undefined && began !== undefined && began < sinceMs) tooOld.add(subJob.jobId);
    }
    return [...parents].filter((id) => !tooOld.has(id));
}

/**
 * The job as a {@link FailedJob} when its own details say it failed, it is of one of the
 * types asked for, and (with `sinceMs`) it began at or after that time; otherwise
 * `undefined`. A job that says `SUCCESS` with failed sub jobs is not listed: the retry API
 * refuses it.
 *
 * @param job - the parent job as read
 * @param jobTypes - the types asked for
 * @param sinceMs - lower bound of the begin time, in ms since the epoch
 */
export function failedJobOf(
    job: JobDetails & JobTimes,
    jobTypes: readonly string[],
    sinceMs?: number,
): Omit<FailedJob, "current"> | undefined {
    if (!FAILED_STATUSES.has(job.status.toUpperCase()) || !jobTypes.includes(job.jobType)) return undefined;
    if (sinceMs !== undefined) {
        // A begin time that cannot be read cannot be shown to be recent enough.
        const began = apiTimeMs(job.beginTime);
        if (began === undefined || began < sinceMs) return undefined;
    }
    return {
        jobId: job.id,
        jobType: job.jobType,
        status: job.status,
        failReason: failReasonOf(job),
        beginTime: job.beginTime,
        endTime: job.endTime,
        subJobs: summarizeSubJobs(job),
    };
}

/**
 * The jobs oldest first: by begin time, then by id; jobs whose begin time cannot be read
 * come last.
 *
 * @param jobs - failed jobs in any order
 */
export function oldestFirst<T extends Pick<FailedJob, "beginTime" | "jobId">>(jobs: readonly T[]): T[] {
    const key = (job: T) => apiTimeMs(job.beginTime) ?? Number.POSITIVE_INFINITY;
    return [...jobs].sort((a, b) => key(a) - key(b) || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
}
