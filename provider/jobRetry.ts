import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_TYPE } from "./constants";
import type { SubJobSummary } from "./types";
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
     * Wait for the new job to finish; the step fails (keeping the new job id in the state)
     * when the job fails or the wait times out.
     * @defaultValue false
     */
    waitForCompletion?: pulumi.Input<boolean>;
    /**
     * How long to wait when `waitForCompletion` is set, in whole seconds from 1 to 86400.
     * @defaultValue 1800
     */
    waitTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * Retries a failed Huawei Cloud Workspace job (`POST /v2/{project_id}/workspace-jobs/{job_id}/actions`,
 * `{"op_type":"retry"}`) and records the new job's id.
 *
 * Lifecycle: **create** sends the retry exactly once; a change of `jobId`, `projectId` or
 * `triggers` **replaces** the resource, i.e. retries again; other changes **update** in place
 * with no API call; **refresh** reads the new job's status and never removes the resource;
 * **delete** makes no API call, because a retry cannot be undone.
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
    /** Whether the create waited for the new job. */
    declare public readonly waitForCompletion: pulumi.Output<boolean | undefined>;
    /** Wait timeout in seconds, when given. */
    declare public readonly waitTimeoutSeconds: pulumi.Output<number | undefined>;
    /** Id of the job that the retry started; also the resource id. */
    declare public readonly newJobId: pulumi.Output<string>;
    /** ISO-8601 time at which the retry was accepted. */
    declare public readonly retriedAt: pulumi.Output<string>;
    /** Last status seen of the new job (after waiting or refresh), as the API spelled it. */
    declare public readonly status: pulumi.Output<string | undefined>;
    /** Fail reason of the new job, empty when none; set whenever `status` is. */
    declare public readonly failReason: pulumi.Output<string | undefined>;
    /** Sub jobs of the new job counted by status; set whenever `status` is. */
    declare public readonly subJobs: pulumi.Output<SubJobSummary | undefined>;

    /**
     * @param name - the Pulumi resource name
     * @param args - the job to retry and optional settings
     * @param opts - standard Pulumi resource options
     */
    constructor(name: string, args: JobRetryArgs, opts?: pulumi.CustomResourceOptions) {
        // Every output key must be present (as undefined) for Pulumi to expose it on the object.
        const outputs = {
            projectId: undefined,
            triggers: undefined,
            region: undefined,
            endpoint: undefined,
            waitForCompletion: undefined,
            waitTimeoutSeconds: undefined,
            newJobId: undefined,
            retriedAt: undefined,
            status: undefined,
            failReason: undefined,
            subJobs: undefined,
        };
        super(serializedProvider("internal/stub"), name, { ...outputs, ...args }, opts, undefined, RESOURCE_TYPE);
    }
}
