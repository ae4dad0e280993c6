/**
 * Plain (resolved) shapes of the `JobRetry` inputs and outputs, as the provider sees them.
 *
 * @packageDocumentation
 */
import type { SubJobSummary } from "./client/jobs";

// The client owns the sub-job summary it computes; the resource's outputs carry it.
export type { SubJobSummary };

/** Any JSON value: what `triggers` may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The inputs of a `JobRetry` once Pulumi has resolved them. See {@link JobRetryArgs} for each field. */
export interface JobRetryInputs {
    /** Id of the failed Workspace job to retry. */
    jobId: string;
    /** Huawei Cloud project id; falls back to stack config and environment. */
    projectId?: string;
    /** Any JSON value; a change forces a new retry. */
    triggers?: JsonValue;
    /** Region, e.g. `cn-north-4`, that gives the endpoint. */
    region?: string;
    /** Base URL that overrides the region's endpoint. */
    endpoint?: string;
    /** Wait for the new job to finish before the step succeeds. */
    waitForCompletion?: boolean;
    /** How long to wait, in seconds, when `waitForCompletion` is set. */
    waitTimeoutSeconds?: number;
}

/** What a `JobRetry` records in the state: the inputs echoed plus what the retry produced. */
export interface JobRetryOutputs extends JobRetryInputs {
    /** Id of the job that the retry started (also the resource id). */
    newJobId: string;
    /** ISO-8601 time at which the retry was accepted. */
    retriedAt: string;
    /** Last status seen of the new job, when it was looked at (waiting or refresh). */
    status?: string;
    /** Fail reason of the new job, empty when none; set whenever `status` is. */
    failReason?: string;
    /** Sub jobs of the new job counted by status; set whenever `status` is. */
    subJobs?: SubJobSummary;
}
