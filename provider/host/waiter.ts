import { POLL_BACKOFF_FACTOR, POLL_INITIAL_DELAY_MS, POLL_MAX_DELAY_MS } from "../shared/constants";
import { JobDetails, jobPhase, JobPhase } from "../client/jobs";

/** How {@link waitForJob} waits; the clock, timer and random source are seams for tests and benchmarks. */
export interface WaitOptions {
    /** Give up after this long, in milliseconds. */
    timeoutMs: number;
    /** First poll delay, in milliseconds. @defaultValue 1000 */
    initialDelayMs?: number;
    /** Largest poll delay, in milliseconds. @defaultValue 30000 */
    maxDelayMs?: number;
    /** Waits. */
    sleep: (ms: number) => Promise<void>;
    /** Milliseconds since an arbitrary origin. */
    nowMs: () => number;
    /** Random source in [0, 1). */
    random: () => number;
    /** Told of every read, with the time it was made (for progress lines). */
    onPoll?: (job: JobDetails, nowMs: number) => void;
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
 * second or two and a 20-minute job costs about fifty GETs, and many waiters do not poll in step.
 *
 * @param readJob - reads the job once (the client's `getJob`)
 * @param options - timing
 */
export async function waitForJob(readJob: () => Promise<JobDetails>, options: WaitOptions): Promise<WaitResult> {
    const deadline = options.nowMs() + options.timeoutMs;
    let delay = options.initialDelayMs ?? POLL_INITIAL_DELAY_MS;
    const maxDelay = options.maxDelayMs ?? POLL_MAX_DELAY_MS;
    let polls = 0;
    for (;;) {
        const remaining = deadline - options.nowMs();
        await options.sleep(Math.max(0, Math.min(delay * (1 - 0.1 * options.random()), remaining)));
        const job = await readJob();
        polls += 1;
        options.onPoll?.(job, options.nowMs());
        const phase = jobPhase(job);
        if (phase !== "pending" || options.nowMs() >= deadline) {
            return { job, phase, polls };
        }
        delay = Math.min(maxDelay, delay * POLL_BACKOFF_FACTOR);
    }
}
