// Every input is stack config, so that a scenario changes one with `pulumi config set/rm`.
const pulumi = require("@pulumi/pulumi");
const { JobRetry } = require("pulumi-huaweicloud-workspace-jobs");

const config = new pulumi.Config();

const retry = new JobRetry("retry", {
    jobId: config.require("jobId"),
    triggers: config.getObject("triggers"),
    projectId: config.get("projectId"),
    region: config.get("region"),
    endpoint: config.get("endpoint"),
    waitForCompletion: config.getBoolean("waitForCompletion"),
    waitTimeoutSeconds: config.getNumber("waitTimeoutSeconds"),
    adoptJobId: config.get("adoptJobId"),
});

exports.newJobId = retry.newJobId;
exports.status = retry.status;
