/**
 * Live progress while a wait polls: a wait can last half an hour, and `pulumi up` would show
 * nothing but a spinner. The CLI forwards each stdout line of the dynamic-provider host as an
 * info message while the step runs, but not tied to the resource, so every line starts with
 * the resource's name:
 *
 *     retry-registration-wait: job 0e2d… RUNNING, 3/5 sub jobs done, 2m10s
 *
 * A line is printed when the status or the sub-job counts change, and otherwise at most one
 * every {@link PROGRESS_HEARTBEAT_MS}; nothing while nothing changed for less than that. A
 * line holds the job's status and counts only: no setting, no credential.
 *
 * @packageDocumentation
 */
import { PROGRESS_HEARTBEAT_MS } from "../shared/constants";
import { isFinished, JobDetails } from "../client/jobs";
import type { PollObserver } from "./waiter";

/**
 * A duration as a user reads it: `45s`, `2m10s`, `1h05m`.
 *
 * @param ms - milliseconds
 */
export function formatElapsed(ms: number): string {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
    if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
    if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
    return `${s}s`;
}

/** The status and counts a line reports; two polls with the same summary print nothing new. */
function summaryOf(job: JobDetails): string {
    const done = job.subJobs.filter((sub) => isFinished(sub.status)).length;
    return `${job.status || "(no status)"}, ${done}/${job.subJobs.length} sub jobs done`;
}

/**
 * One progress line.
 *
 * @param name - the resource's name
 * @param job - the job as last read
 * @param elapsedMs - time since the wait began
 */
export function progressLine(name: string, job: JobDetails, elapsedMs: number): string {
    return `${name}: job ${job.id.slice(0, 4)}… ${summaryOf(job)}, ${formatElapsed(elapsedMs)}`;
}

/** Decides, poll by poll, which lines a wait prints (see the module comment). */
export class WaitProgress implements PollObserver {
    private lastSummary: string | undefined;
    private lastPrintedMs = 0;

    /**
     * @param name - the resource's name, the prefix of every line
     * @param startedMs - when the wait began, in milliseconds of the same clock as `seen`'s
     * @param print - writes one line (stdout in the provider host)
     */
    constructor(
        private readonly name: string,
        private readonly startedMs: number,
        private readonly print: (line: string) => void,
    ) {}

    /**
     * Reports a poll's result: prints a line when it differs from the last one printed, or
     * when the last line is {@link PROGRESS_HEARTBEAT_MS} old.
     *
     * @param job - the job as just read
     * @param nowMs - the time of the read
     */
    seen(job: JobDetails, nowMs: number): void {
        const summary = summaryOf(job);
        if (summary === this.lastSummary && nowMs - this.lastPrintedMs < PROGRESS_HEARTBEAT_MS) return;
        this.lastSummary = summary;
        this.lastPrintedMs = nowMs;
        this.print(progressLine(this.name, job, nowMs - this.startedMs));
    }
}
