import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "./serializedProvider";
import type { SubJobSummary } from "../shared/types";

/** Pulumi type token suffix of the waiting resource (`pulumi-nodejs:dynamic:JobWait`). */
const JOB_WAIT_TYPE = "JobWait";

/**
 * Inputs of a {@link JobWait}. Project id, region and endpoint fall back to stack config
 * and the environment exactly as for `JobRetry`.
 */
export interface JobWaitArgs {
    /** Id of the Workspace job to wait for, e.g. a `JobRetry`'s `newJobId`. A change waits again (replacement). */
    jobId: pulumi.Input<string>;
    /** Huawei Cloud project id. @defaultValue as for `JobRetry` */
    projectId?: pulumi.Input<string>;
    /** Region that gives the endpoint. @defaultValue as for `JobRetry` */
    region?: pulumi.Input<string>;
    /** Base URL that overrides the region's endpoint. @defaultValue as for `JobRetry` */
    endpoint?: pulumi.Input<string>;
    /**
     * How long one `pulumi up` waits, in whole seconds from 1 to 86400; a later `pulumi up`
     * waits again.
     * @defaultValue 1800
     */
    waitTimeoutSeconds?: pulumi.Input<number>;
    /**
     * `false` turns the wait off: the resource then reads nothing and records only its inputs.
     * It lets a wait be decided by an Output (a `JobRetry`'s `waitForCompletion` given as one).
     * A change is another wait (replacement; GETs only).
     * @defaultValue true
     */
    enabled?: pulumi.Input<boolean>;
}

/**
 * Waits for a Workspace job to finish, and exists only once it succeeded.
 *
 * Its create polls the job (GETs only) and fails, recording nothing, when the job fails or
 * the wait times out; so the next `pulumi up` waits again, and an interrupted or killed
 * `pulumi up` leaves at most a pending create of this resource, which is safe to clear:
 * the job id it waits for is already in the state of the `JobRetry` that started it.
 * `JobRetry` with `waitForCompletion: true` creates one as its child; declare one yourself
 * to wait for any job id.
 *
 * @example
 * ```ts
 * const retry = new JobRetry("retry-registration", { jobId: "6783cecb-0e5c-4521-a3ea-825f551c1ba9" });
 * new JobWait("registration-done", { jobId: retry.newJobId, waitTimeoutSeconds: 3600 });
 * ```
 */
export class JobWait extends pulumi.dynamic.Resource {
    /** Id of the job waited for; also the resource id. */
    declare public readonly jobId: pulumi.Output<string>;
    /** Status of the job when it was seen finished (or at the last refresh). */
    declare public readonly status: pulumi.Output<string>;
    /** Fail reason of the job, empty when none. */
    declare public readonly failReason: pulumi.Output<string>;
    /** The job's `job_error_code`, empty when none. */
    declare public readonly errorCode: pulumi.Output<string>;
    /** Sub jobs of the job counted by status. */
    declare public readonly subJobs: pulumi.Output<SubJobSummary>;
    /** ISO-8601 time at which the job was seen finished. */
    declare public readonly finishedAt: pulumi.Output<string>;

    /**
     * @param name - the Pulumi resource name
     * @param args - the job to wait for and optional settings
     * @param opts - standard Pulumi resource options
     */
    constructor(name: string, args: JobWaitArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = { status: undefined, failReason: undefined, errorCode: undefined, subJobs: undefined, finishedAt: undefined };
        // The provider is not told its URN: the name reaches it as an input, for its progress lines.
        const inputs = { ...outputs, ...args, resourceName: name };
        super(serializedProvider("jobWait"), name, inputs, opts, undefined, JOB_WAIT_TYPE);
    }
}
