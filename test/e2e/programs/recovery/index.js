import * as pulumi from "@pulumi/pulumi";
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";

// Every input is stack config, so that a scenario changes one with `pulumi config set/rm`.
const config = new pulumi.Config();

const retry = new JobRetry("retry", {
    jobId: config.require("jobId"),
    triggers: config.getObject<unknown>("triggers"),
    projectId: config.get("projectId"),
    region: config.get("region"),
    endpoint: config.get("endpoint"),
    waitForCompletion: config.getBoolean("waitForCompletion"),
    waitTimeoutSeconds: config.getNumber("waitTimeoutSeconds"),
    adoptJobId: config.get("adoptJobId"),
});

export const newJobId = retry.newJobId;
export const status = retry.status;
