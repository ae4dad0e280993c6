// Retries the seeded failed registration job and waits for the job it starts: the wait is the
// child JobWait "retry-registration-wait", whose progress lines `pulumi up` shows.
const pulumi = require("@pulumi/pulumi");
const { JobRetry } = require("pulumi-huaweicloud-workspace-jobs");

const config = new pulumi.Config();
const retry = new JobRetry("retry-registration", {
    jobId: "6783cecb-0e5c-4521-a3ea-825f551c1ba9",
    endpoint: config.require("endpoint"),
    waitForCompletion: true,
});

exports.newJobId = retry.newJobId;
exports.status = retry.status;
