import * as pulumi from "@pulumi/pulumi";
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";

// Project id, endpoint or region, and credentials come from the environment
// (HW_PROJECT_ID, HW_WORKSPACE_ENDPOINT or HW_REGION_NAME, HW_AUTH_TOKEN or
// HW_ACCESS_KEY + HW_SECRET_KEY) or from the huaweicloud: stack config.
const config = new pulumi.Config();

const retry = new JobRetry("retry-and-wait", {
    // The failed applyWorkspace / cancelWorkspace job: `pulumi config set jobId <id>`.
    jobId: config.require("jobId"),
    // Change this value (`pulumi config set --path triggers.attempt 2`) to retry again on purpose.
    triggers: config.getObject<unknown>("triggers") ?? { attempt: 1 },
    // A child JobWait polls the new job until it finishes; `pulumi up` fails (keeping the new
    // job id in the state) when it fails or is still running after waitTimeoutSeconds.
    // `pulumi config set waitForCompletion false` accepts the outcome of a failed job.
    waitForCompletion: config.getBoolean("waitForCompletion") ?? true,
    waitTimeoutSeconds: config.getNumber("waitTimeoutSeconds") ?? 600,
});

export const newJobId = retry.newJobId;
/** SUCCESS once `pulumi up` succeeded; refreshed by `pulumi refresh`. */
export const status = retry.status;
/** Empty when the job succeeded. */
export const failReason = retry.failReason;
/** Sub jobs counted by status, e.g. `{ SUCCESS: 2 }`. */
export const subJobs = retry.subJobs;
