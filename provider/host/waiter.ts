/**
 * Waiting for a job to finish: the poll schedule, how a wait ended, and the sentence that says
 * so when the job did not succeed. Progress lines plug in as a {@link PollObserver}
 * (`progress.ts`); what a resource records of the job is `jobStatusOutputs`.
 *
 * @packageDocumentation
 */
import { POLL_BACKOFF_FACTOR, POLL_INITIAL_DELAY_MS, POLL_MAX_DELAY_MS } from "../shared/constants";
import { JobDetails, jobPhase, JobPhase } from "../client/jobs";
import type { ProcessSeams } from "../shared/processSeams";
import type { JobStatusOutputs } from "../shared/types";

/** How long one wait lasts and how its polls are spaced. */
export interface PollSchedule {
    /** Give up after this long, in milliseconds. */
    timeoutMs: number;
    /** First poll delay, in milliseconds. @defaultValue 1000 */
    initialDelayMs?: number;
    /** Largest poll delay, in milliseconds. @defaultValue 30000 */
    maxDelayMs?: number;
}

/** Told of every read of the job, e.g. to print progress lines. */
export interface PollObserver {
    /**
     * @param job - the job as just read
     * @param nowMs - when it was read, on the clock of the wait's seams
     */
    seen(job: JobDetails, nowMs: number): void;
}

/** Where the wait ended. */
export interface WaitResult {
    /** The job as last read. */
    job: JobDetails;
    /** `succeeded`, `failed`, or `pending` when the time ran out. */
    phase: JobPhase;
    /** GET requests made. */
    polls: number;
}

/**
 * Polls a job until it is done or the time runs out. The delay starts short and grows by
 * half each poll up to a cap, minus up to 10% jitter, so a short job is noticed within a
 * second or two, a long one costs few GETs, and many waiters do not poll in step.
 *
 * @param readJob - reads the job once (the client's `getJob`)
 * @param schedule - timeout and poll delays
 * @param seams - timer, clock and random source
 * @param observer - told of every read
 */
export async function waitForJob(
    readJob: () => Promise<JobDetails>,
    schedule: PollSchedule,
    seams: Pick<ProcessSeams, "sleep" | "nowMs" | "random">,
    observer?: PollObserver,
): Promise<WaitResult> {
    const deadline = seams.nowMs() + schedule.timeoutMs;
    let delay = schedule.initialDelayMs ?? POLL_INITIAL_DELAY_MS;
    const maxDelay = schedule.maxDelayMs ?? POLL_MAX_DELAY_MS;
    let polls = 0;
    for (;;) {
        const remaining = deadline - seams.nowMs();
        await seams.sleep(Math.max(0, Math.min(delay * (1 - 0.1 * seams.random()), remaining)));
        const job = await readJob();
        polls += 1;
        observer?.seen(job, seams.nowMs());
        const phase = jobPhase(job);
        if (phase !== "pending" || seams.nowMs() >= deadline) {
            return { job, phase, polls };
        }
        delay = Math.min(maxDelay, delay * POLL_BACKOFF_FACTOR);
    }
}

/**
 * The one sentence that says how a wait ended when the job did not succeed, e.g.
 * `Job X failed: status FAILED, fail reason: quota exceeded`.
 *
 * @param jobId - the job
 * @param status - what was last seen of it
 * @param phase - `failed`, or `pending` when the time ran out
 * @param timeoutSeconds - the timeout that applied
 */
export function describeUnfinished(jobId: string, status: JobStatusOutputs, phase: JobPhase, timeoutSeconds: number): string {
    const what = phase === "failed" ? "failed" : `did not finish within ${timeoutSeconds} s`;
    const reason = status.failReason ? `, fail reason: ${status.failReason.replace(/\.+$/, "")}` : "";
    const code = status.errorCode ? `, error code ${status.errorCode}` : "";
    return `Job ${jobId} ${what}: status ${status.status}${code}${reason}`;
}
