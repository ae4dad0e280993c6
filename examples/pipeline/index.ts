import * as pulumi from "@pulumi/pulumi";
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";

// Credentials, region and project id are deliberately NOT read here. The pipeline puts
// HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME and HW_PROJECT_ID into the environment
// from its secret store, and the provider reads them itself, at call time, inside the
// provider process: they never become resource inputs, outputs or part of the state.
const config = new pulumi.Config();

// Which run of the pipeline this is. It is the retry's trigger: every new value retries
// the job once more, on purpose, so each deploy run (and each re-run of one) sends one
// retry, while running the same value again sends nothing. Stack config wins, for runs by
// hand (`pulumi config set pipelineRun manual-1`); the workflow files set PIPELINE_RUN.
const pipelineRun = config.get("pipelineRun") ?? process.env.PIPELINE_RUN;
if (!pipelineRun) {
    throw new pulumi.RunError(
        "No pipeline run: set the PIPELINE_RUN environment variable (the workflow files do) or `pulumi config set pipelineRun <value>`.",
    );
}

const retry = new JobRetry("retry-from-pipeline", {
    // The failed job, committed with the stack: `pulumi config set jobId <id>`.
    jobId: config.require("jobId"),
    triggers: { pipelineRun },
    // A pipeline should go red when the new job fails, not only when the retry is refused.
    waitForCompletion: config.getBoolean("waitForCompletion") ?? true,
    waitTimeoutSeconds: config.getNumber("waitTimeoutSeconds") ?? 1800,
});

export const newJobId = retry.newJobId;
export const retriedAt = retry.retriedAt;
export const status = retry.status;
export const failReason = retry.failReason;
