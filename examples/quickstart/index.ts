import * as pulumi from "@pulumi/pulumi";
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";

// Project id, endpoint and token come from the environment (HW_PROJECT_ID,
// HW_WORKSPACE_ENDPOINT, HW_AUTH_TOKEN) or the huaweicloud: stack config.
const config = new pulumi.Config();

const retry = new JobRetry("retry-registration", {
    // The failed applyWorkspace job of the API page's example (seeded in the emulator).
    jobId: config.get("jobId") ?? "6783cecb-0e5c-4521-a3ea-825f551c1ba9",
    // Change this value to retry again on purpose.
    triggers: config.getObject<unknown>("triggers") ?? { attempt: 1 },
    endpoint: config.get("endpoint"),
    waitForCompletion: config.getBoolean("waitForCompletion"),
});

export const newJobId = retry.newJobId;
export const retriedAt = retry.retriedAt;
