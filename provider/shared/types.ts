/**
 * Plain (resolved) shapes of the `JobRetry` inputs and outputs, as the provider sees them.
 *
 * @packageDocumentation
 */
import type { SubJobSummary } from "../client/jobs";

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
    /** Recorded by states written before 0.3, whose `JobRetry` waited itself; its child `JobWait` waits now. */
    waitForCompletion?: boolean;
    /** Recorded by states written before 0.3, like `waitForCompletion`. */
    waitTimeoutSeconds?: number;
    /** Id of a job already started by a retry of `jobId`, to record instead of sending a retry. */
    adoptJobId?: string;
}

/** What was last seen of a job: set together, whenever the job was read. */
export interface JobStatusOutputs {
    /** Last status seen of the job, as the API spelled it. */
    status?: string;
    /** Fail reason of the job, empty when none. */
    failReason?: string;
    /** The job's `job_error_code`, empty when none. */
    errorCode?: string;
    /** Sub jobs of the job counted by status. */
    subJobs?: SubJobSummary;
}

/** Where calls of a resource went, as resolved when it was created (or first refreshed). */
export interface ResolvedTargetOutputs {
    /** Project id the calls went to, wherever it was set. */
    resolvedProjectId?: string;
    /** Endpoint the calls went to, wherever it was set (a region gives one). */
    resolvedEndpoint?: string;
}

/** What a `JobRetry` records in the state: the inputs echoed plus what the retry produced. */
export interface JobRetryOutputs extends JobRetryInputs, JobStatusOutputs, ResolvedTargetOutputs {
    /** Id of the job that the retry started, or the adopted job (also the resource id). */
    newJobId: string;
    /** ISO-8601 time at which the retry was accepted, or the adopted job was recorded. */
    retriedAt: string;
    /** Gateway request id (`X-Request-Id`) of the accepted retry; absent for an adopted job. */
    retryRequestId?: string;
}

/** The inputs of a `JobWait` once Pulumi has resolved them. See {@link JobWaitArgs} for each field. */
export interface JobWaitInputs {
    /** Id of the job to wait for. */
    jobId: string;
    /** Huawei Cloud project id; falls back to stack config and environment. */
    projectId?: string;
    /** Region, e.g. `cn-north-4`, that gives the endpoint. */
    region?: string;
    /** Base URL that overrides the region's endpoint. */
    endpoint?: string;
    /** How long one `pulumi up` waits, in seconds; the default when absent. */
    waitTimeoutSeconds?: number;
    /** `false`: wait for nothing, read nothing. Absent means `true`. */
    enabled?: boolean;
    /**
     * The resource's name, set by the `JobWait` constructor: the prefix of its progress lines
     * (the provider is not told its URN). Never compared by `diff`, never echoed as an output.
     */
    resourceName?: string;
}

/** What a `JobWait` records in the state: only ever a job that finished successfully, or a wait turned off. */
export interface JobWaitOutputs extends JobWaitInputs, JobStatusOutputs, ResolvedTargetOutputs {
    /** ISO-8601 time at which the job was seen finished; absent when the wait is off. */
    finishedAt?: string;
}
