import { DEFAULT_WAIT_TIMEOUT_SECONDS } from "../shared/constants";
import { failReasonOf, JobDetails, JobPhase, phaseOf, summarizeSubJobs } from "../client/jobs";
import type { WorkspaceClient } from "../client/workspaceClient";
import type { ProcessSeams } from "../shared/processSeams";
import type { JobStatusOutputs } from "../shared/types";
import { waitForJob } from "./waiter";
import { WaitProgress } from "./progress";

/**
 * What a resource records of a job it read.
 *
 * @param job - the job as read
 */
export function jobStatusOutputs(job: JobDetails): Required<JobStatusOutputs> {
    return { status: job.status, failReason: failReasonOf(job), errorCode: job.jobErrorCode, subJobs: summarizeSubJobs(job) };
}

/**
 * The phase of a job from what a resource recorded of it; `undefined` when it was never read.
 *
 * @param outs - recorded status outputs
 */
export function recordedPhase(outs: JobStatusOutputs): JobPhase | undefined {
    if (outs.status === undefined) return undefined;
    const subStatuses = Object.entries(outs.subJobs ?? {}).flatMap(([status, count]) => Array<string>(count).fill(status));
    return phaseOf(outs.status, subStatuses);
}

/** How a wait ended. */
export interface WaitOutcome {
    /** What was last seen of the job. */
    outputs: Required<JobStatusOutputs>;
    /** `succeeded`, `failed`, or `pending` when the time ran out. */
    phase: JobPhase;
    /** The timeout that applied, in seconds. */
    timeoutSeconds: number;
}

/**
 * Polls a job until it finishes or `timeoutSeconds` runs out; GETs only.
 *
 * @param client - the client to read the job with
 * @param jobId - the job
 * @param timeoutSeconds - the wait timeout; the default when absent
 * @param seams - timer, clock and random source, and where progress lines go
 * @param progressName - the resource's name: when given, progress lines prefixed with it are printed
 */
export async function waitForOutcome(
    client: WorkspaceClient,
    jobId: string,
    timeoutSeconds: number | undefined,
    seams: Pick<ProcessSeams, "sleep" | "nowMs" | "random" | "print">,
    progressName?: string,
): Promise<WaitOutcome> {
    const seconds = timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
    const nowMs = seams.nowMs;
    const progress = progressName === undefined ? undefined : new WaitProgress(progressName, nowMs(), seams.print);
    const result = await waitForJob(() => client.getJob(jobId), {
        timeoutMs: seconds * 1000,
        sleep: seams.sleep,
        nowMs,
        random: seams.random,
        onPoll: progress && ((job, at) => progress.seen(job, at)),
    });
    return { outputs: jobStatusOutputs(result.job), phase: result.phase, timeoutSeconds: seconds };
}

/**
 * The one sentence that says how a job ended when it did not succeed, e.g.
 * `Job X failed: status FAILED, fail reason: quota exceeded`.
 *
 * @param jobId - the job
 * @param outcome - how the wait ended (`timeoutSeconds` absent: last recorded status, no wait)
 */
export function describeUnfinished(
    jobId: string,
    outcome: { outputs: JobStatusOutputs; phase: JobPhase; timeoutSeconds?: number },
): string {
    const what =
        outcome.phase === "failed"
            ? "failed"
            : outcome.timeoutSeconds === undefined
              ? "was last seen unfinished"
              : `did not finish within ${outcome.timeoutSeconds} s`;
    const reason = outcome.outputs.failReason ? `, fail reason: ${outcome.outputs.failReason.replace(/\.+$/, "")}` : "";
    const code = outcome.outputs.errorCode ? `, error code ${outcome.outputs.errorCode}` : "";
    return `Job ${jobId} ${what}: status ${outcome.outputs.status}${code}${reason}`;
}
