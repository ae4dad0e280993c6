/**
 * What the providers record in the state: their inputs as given, where their calls went, and
 * what they saw of a job.
 *
 * @packageDocumentation
 */
import { failReasonOf, JobDetails, summarizeSubJobs } from "../client/jobs";
import type { Target } from "../shared/settings";
import type { JobStatusOutputs, ResolvedTargetOutputs } from "../shared/types";

/**
 * The given keys of an object, those whose value is set: a provider's inputs echoed as
 * outputs, or the outputs it computed kept across an update. `undefined` is left out because
 * the engine rejects it in outputs.
 *
 * @param source - inputs or recorded outputs
 * @param keys - the keys to copy
 */
export function pickDefined<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
    const picked: Partial<Pick<T, K>> = {};
    for (const key of keys) {
        if (source[key] !== undefined) picked[key] = source[key];
    }
    return picked as Pick<T, K>;
}

/**
 * The resolved target as outputs.
 *
 * @param target - where the calls went
 */
export function targetOutputs(target: Target): Required<ResolvedTargetOutputs> {
    return { resolvedProjectId: target.projectId, resolvedEndpoint: target.endpoint };
}

/**
 * What a resource records of a job it read.
 *
 * @param job - the job as read
 */
export function jobStatusOutputs(job: JobDetails): Required<JobStatusOutputs> {
    return { status: job.status, failReason: failReasonOf(job), errorCode: job.jobErrorCode, subJobs: summarizeSubJobs(job) };
}
