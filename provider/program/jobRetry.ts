import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_TYPE } from "../shared/constants";
import { JobWait } from "./jobWait";
import type { SubJobSummary } from "../shared/types";
import { serializedProvider } from "./serializedProvider";

/**
 * Inputs of a {@link JobRetry}.
 *
 * Project id, region and endpoint fall back to stack config (`huaweicloud:projectId`,
 * `huaweicloud:region`, `huaweicloud:workspaceEndpoint`) and then to environment variables
 * (`HW_PROJECT_ID` / `HUAWEICLOUD_SDK_PROJECT_ID`, `HW_REGION_NAME`, `HW_WORKSPACE_ENDPOINT`).
 * Credentials are never inputs: they come from stack config or the environment only.
 */
export interface JobRetryArgs {
    /**
     * Id of the failed Workspace job to retry: an `applyWorkspace` or `cancelWorkspace` job
     * in status FAILED. Letters, digits, `-` and `_`, at most 128 characters.
     * A change retries again (replacement).
     */
    jobId: pulumi.Input<string>;
    /**
     * Huawei Cloud project id. A change retries again (replacement).
     * @defaultValue stack config `huaweicloud:projectId`, then `HW_PROJECT_ID` / `HUAWEICLOUD_SDK_PROJECT_ID`
     */
    projectId?: pulumi.Input<string>;
    /**
     * Any JSON value. A change of its value retries again (replacement); object key order does
     * not matter, array order does. Feed it a pipeline run number or a date to retry on purpose.
     * @example `{ attempt: 2 }`
     */
    triggers?: pulumi.Input<any>;
    /**
     * Region, e.g. `cn-north-4`; the endpoint is `https://workspace.{region}.myhuaweicloud.com`
     * (`myhuaweicloud.eu` for `eu-west-1xx`). A change is recorded in place, with no API call.
     * @defaultValue stack config `huaweicloud:region`, then `HW_REGION_NAME`
     */
    region?: pulumi.Input<string>;
    /**
     * Base URL that overrides the region's endpoint (the emulator, a proxy). Must be
     * `https://` unless on loopback. A change is recorded in place, with no API call.
     * @defaultValue stack config `huaweicloud:workspaceEndpoint`, then `HW_WORKSPACE_ENDPOINT`
     * @example `"http://127.0.0.1:8080"`
     */
    endpoint?: pulumi.Input<string>;
    /**
     * Wait for the new job to finish; `pulumi up` fails when the job fails or the wait
     * times out, and the new job id stays in the state.
     *
     * The wait is always a child {@link JobWait} (`<name>-wait`), a step of its own: the engine
     * records the new job id before the wait starts, so a cancelled, interrupted or killed
     * `pulumi up` never loses it, and the next `pulumi up` waits again (GETs only) instead of
     * retrying. Given as an Output, the child is declared all the same and waits only when the
     * Output is `true` (its `enabled` input).
     * @defaultValue false
     */
    waitForCompletion?: pulumi.Input<boolean>;
    /**
     * How long one `pulumi up` waits when `waitForCompletion` is set, in whole seconds from 1
     * to 86400.
     * @defaultValue 1800
     */
    waitTimeoutSeconds?: pulumi.Input<number>;
    /**
     * Id of a job that a retry of `jobId` already started (after an "outcome unknown"
     * error, or a retry made in the console), to record instead of sending a retry. The
     * create then sends no POST: it reads the job to check that it exists and has the failed
     * job's type, records it as `newJobId`, and waits for it if asked. Changing or removing
     * it later is recorded in place and never retries.
     * Letters, digits, `-` and `_`, at most 128 characters.
     */
    adoptJobId?: pulumi.Input<string>;
}

/**
 * Retries a failed Huawei Cloud Workspace job (`POST /v2/{project_id}/workspace-jobs/{job_id}/actions`,
 * `{"op_type":"retry"}`) and records the new job's id.
 *
 * Lifecycle: **create** reads the Workspace service's state and the failed job, then sends
 * the retry at most once: only while the service is stuck on a failure of the job's own type;
 * a job already running for it is recorded instead, and a stale job is refused with what the
 * service shows (see docs/service-state.md). A change of `jobId`, `projectId` or `triggers`
 * **replaces** the resource, i.e. retries again, decided the same way; other changes
 * **update** in place and never retry (the only call is a read of a new `adoptJobId`);
 * **refresh** reads the new job's status and never removes the resource; **delete** makes no
 * API call, because a retry cannot be undone.
 *
 * @example
 * ```ts
 * const retry = new JobRetry("retry-registration", {
 *     jobId: "6783cecb-0e5c-4521-a3ea-825f551c1ba9",
 *     triggers: { attempt: 2 },
 * });
 * export const newJobId = retry.newJobId;
 * ```
 */
export class JobRetry extends pulumi.dynamic.Resource {
    // `declare`: with ES2022 class fields a plain declaration would reset, after `super()`,
    // the outputs that Pulumi has just set.
    /** Id of the retried (failed) job. */
    declare public readonly jobId: pulumi.Output<string>;
    /** Project id, when given as an input. */
    declare public readonly projectId: pulumi.Output<string | undefined>;
    /** The triggers value, as given. */
    declare public readonly triggers: pulumi.Output<any>;
    /** Region, when given as an input. */
    declare public readonly region: pulumi.Output<string | undefined>;
    /** Endpoint, when given as an input. */
    declare public readonly endpoint: pulumi.Output<string | undefined>;
    /** Whether the child `JobWait` waits for the new job. */
    declare public readonly waitForCompletion: pulumi.Output<boolean | undefined>;
    /** Wait timeout in seconds, when given. */
    declare public readonly waitTimeoutSeconds: pulumi.Output<number | undefined>;
    /** The adopted job id, when given. */
    declare public readonly adoptJobId: pulumi.Output<string | undefined>;
    /** Id of the job that the retry started; also the resource id. */
    declare public readonly newJobId: pulumi.Output<string>;
    /** ISO-8601 time at which the retry was accepted, or the adopted job recorded. */
    declare public readonly retriedAt: pulumi.Output<string>;
    /** Gateway request id (`X-Request-Id`) of the accepted retry, for Huawei support; absent for an adopted job. */
    declare public readonly retryRequestId: pulumi.Output<string | undefined>;
    /** Last status seen of the new job (after waiting or refresh), as the API spelled it. */
    declare public readonly status: pulumi.Output<string | undefined>;
    /** Fail reason of the new job, empty when none; set whenever `status` is. */
    declare public readonly failReason: pulumi.Output<string | undefined>;
    /** The new job's `job_error_code`, empty when none; set whenever `status` is. */
    declare public readonly errorCode: pulumi.Output<string | undefined>;
    /** Sub jobs of the new job counted by status; set whenever `status` is. */
    declare public readonly subJobs: pulumi.Output<SubJobSummary | undefined>;
    /** Project id the retry went to, wherever it was set. */
    declare public readonly resolvedProjectId: pulumi.Output<string>;
    /** Endpoint the retry went to, wherever it was set. */
    declare public readonly resolvedEndpoint: pulumi.Output<string>;
    /** The child that waits for the new job, when `waitForCompletion` is `true` or an Output. */
    public readonly wait?: JobWait;

    /**
     * @param name - the Pulumi resource name
     * @param args - the job to retry and optional settings
     * @param opts - standard Pulumi resource options
     */
    constructor(name: string, args: JobRetryArgs, opts?: pulumi.CustomResourceOptions) {
        // The wait is a child step, always: the resource itself only retries.
        const { waitForCompletion, waitTimeoutSeconds, ...own } = args;
        const waitInChild = waitForCompletion !== undefined && waitForCompletion !== false;
        // What only the provider knows must be present (as undefined) for Pulumi to expose it on
        // the object. What the program already holds (the inputs it echoes, and the new job id,
        // which is the resource id) is exposed from there instead: the SDK takes several stack
        // traces for every key it registers, a cost paid per resource and per key.
        const computed = {
            retriedAt: undefined,
            retryRequestId: undefined,
            resolvedProjectId: undefined,
            resolvedEndpoint: undefined,
            // While a child waits, the job's status comes from the child.
            ...(waitInChild ? {} : { status: undefined, failReason: undefined, errorCode: undefined, subJobs: undefined }),
        };
        super(serializedProvider("jobRetry"), name, { ...computed, ...own }, opts, undefined, RESOURCE_TYPE);
        const self = this as unknown as Record<string, unknown>;
        Object.assign(self, {
            newJobId: this.id,
            projectId: pulumi.output(args.projectId),
            triggers: pulumi.output(args.triggers),
            region: pulumi.output(args.region),
            endpoint: pulumi.output(args.endpoint),
            adoptJobId: pulumi.output(args.adoptJobId),
            waitForCompletion: pulumi.output(waitForCompletion),
            waitTimeoutSeconds: pulumi.output(waitTimeoutSeconds),
        });
        if (waitInChild) {
            const wait = new JobWait(
                `${name}-wait`,
                {
                    // Where the retry went, as it resolved: the wait reads the same project at the same endpoint.
                    jobId: this.newJobId,
                    projectId: this.resolvedProjectId,
                    endpoint: this.resolvedEndpoint,
                    waitTimeoutSeconds,
                    // A plain `true` adds no input, so states written before `enabled` existed see no change.
                    ...(waitForCompletion === true ? {} : { enabled: waitForCompletion }),
                },
                { parent: this },
            );
            self.wait = wait;
            self.status = wait.status;
            self.failReason = wait.failReason;
            self.errorCode = wait.errorCode;
            self.subJobs = wait.subJobs;
        }
    }
}
