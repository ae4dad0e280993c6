/**
 * Reading what a retry is decided from, and finding the job a retry started when the POST's
 * answer was lost: the Workspace service's state (`GET /v2/{project_id}/workspaces`) first,
 * the sub-job list second.
 *
 * @packageDocumentation
 */
import { firstLine, isWorkspaceApiError, WorkspaceApiError } from "../client/errors";
import type { JobDetails } from "../client/jobs";
import { apiTimeMs, JobTimes } from "../client/jobTimes";
import type { WorkspaceClient } from "../client/workspaceClient";
import type { ServiceJobType, WorkspaceService } from "../client/workspaceService";
import { LOST_ANSWER_CHECK_DELAYS_MS } from "../shared/constants";
import { newerJobOfType } from "./newerJob";
import { statusesOfType } from "./retryDecision";

/** A job as read, with its begin and end times. */
export type ReadJob = JobDetails & JobTimes;

/** What was read before a retry POST: the failed job and the service, or why either could not be read. */
export interface BeforeRetry {
    /** The failed job; absent when it could not be read (`jobUnreadable` says why). */
    job?: ReadJob;
    /** Why the failed job could not be read (a 403). */
    jobUnreadable?: WorkspaceApiError;
    /** The service's state; absent when it could not be read (`serviceUnreadable` says why). */
    service?: WorkspaceService;
    /** Why the service's state could not be read (a 403, or the 404 of a gateway without the route). */
    serviceUnreadable?: WorkspaceApiError;
}

/** A 403, or a 404 where the route itself may be missing: the decision goes on without the answer. */
function unreadable(error: unknown, notFoundToo: boolean): error is WorkspaceApiError {
    return isWorkspaceApiError(error) && (error.status === 403 || (notFoundToo && error.status === 404));
}

/**
 * Reads the failed job and the service's state, both at once. A job that does not exist (404)
 * and every other failure are thrown: the retry is not sent.
 *
 * @param client - the project's client
 * @param jobId - the failed job
 */
export async function readBeforeRetry(client: WorkspaceClient, jobId: string): Promise<BeforeRetry> {
    const [job, service] = await Promise.all([
        client.getJob(jobId).then(
            (read): BeforeRetry => ({ job: read }),
            (error: unknown): BeforeRetry => {
                if (unreadable(error, false)) return { jobUnreadable: error };
                throw error;
            },
        ),
        client.getWorkspaceService().then(
            (read): BeforeRetry => ({ service: read }),
            (error: unknown): BeforeRetry => {
                if (unreadable(error, true)) return { serviceUnreadable: error };
                throw error;
            },
        ),
    ]);
    return { ...job, ...service };
}

/**
 * Reads a job that the service (or the sub-job list) says runs or ran for a failure, and checks
 * that it has the failed job's type: a retry starts a job of the same type.
 *
 * @param client - the project's client
 * @param candidate - the job to read
 * @param jobType - the failed job's type
 */
export async function jobOfType(client: WorkspaceClient, candidate: string, jobType: string): Promise<ReadJob | undefined> {
    const job = await client.getJob(candidate);
    return job.jobType === "" || job.jobType === jobType ? job : undefined;
}

/**
 * The job running for the service when the decision was to record it: the service's
 * `job_id`, or, where that does not name a job other than the failed one, the newest job of
 * the type begun after the failed job ended. `undefined` when neither names one.
 *
 * @param client - the project's client
 * @param failed - the failed job
 * @param jobType - its type
 * @param service - the service's state
 */
export async function runningJob(
    client: WorkspaceClient,
    failed: ReadJob,
    jobType: ServiceJobType,
    service: WorkspaceService,
): Promise<ReadJob | undefined> {
    const named = service.jobId && service.jobId !== failed.id ? service.jobId : undefined;
    const endMs = apiTimeMs(failed.endTime);
    const found = named ?? (endMs === undefined ? undefined : await newerJobOfType(client, jobType, endMs, [failed.id]));
    return found === undefined ? undefined : jobOfType(client, found, jobType);
}

/** What a search for the job of a lost answer found, or what it saw last. */
export type LostAnswerSearch = { found: ReadJob } | { seen: string };

/**
 * After a retry POST whose answer was lost: reads the service a few times, about 10 s in all,
 * for a job of the failed job's type other than the one it showed before the POST (running, or
 * already finished); where the service's `job_id` does not name one, the sub-job list is asked
 * for a job of the type begun after the job the service showed before had ended.
 *
 * @param client - the project's client
 * @param failed - the failed job
 * @param jobType - its type
 * @param before - the service's state read before the POST
 * @param sleep - waits between reads (a seam for tests)
 */
export async function findStartedJob(
    client: WorkspaceClient,
    failed: ReadJob,
    jobType: ServiceJobType,
    before: WorkspaceService,
    sleep: (ms: number) => Promise<void>,
): Promise<LostAnswerSearch> {
    const known = [failed.id, before.jobId].filter((id) => id !== "");
    const since = await endOfShownJob(client, failed, before);
    let seen = "the Workspace service could not be read";
    for (const [index, delayMs] of LOST_ANSWER_CHECK_DELAYS_MS.entries()) {
        await sleep(delayMs);
        try {
            const service = await client.getWorkspaceService();
            seen = `after ${index + 1} read(s) the service showed status ${service.status || "(none)"}, job_id ${service.jobId || "(none)"}, and no sub job of ${jobType} began after job ${before.jobId || failed.id} ended`;
            const shown = !known.includes(service.jobId) && statusesOfType(jobType).includes(service.status) ? service.jobId : "";
            const candidate = shown || (since === undefined ? undefined : await newerJobOfType(client, jobType, since, known));
            const job = candidate ? await jobOfType(client, candidate, jobType) : undefined;
            if (job) return { found: job };
        } catch (error) {
            seen = `reading the service failed: ${firstLine(error as Error)}`;
            // A refusal (403, 404) will not change within seconds; anything else may.
            if (isWorkspaceApiError(error) && error.status >= 400 && error.status < 500) break;
        }
    }
    return { seen };
}

/** When the job the service showed before the POST ended, in ms; `undefined` when that is not known. */
async function endOfShownJob(client: WorkspaceClient, failed: ReadJob, before: WorkspaceService): Promise<number | undefined> {
    if (before.jobId === "" || before.jobId === failed.id) return apiTimeMs(failed.endTime);
    const shown = await client.getJob(before.jobId).catch(() => undefined);
    return shown ? apiTimeMs(shown.endTime) : undefined;
}
