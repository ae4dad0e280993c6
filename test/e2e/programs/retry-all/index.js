// Retries the failure the project's Workspace service is stuck on, if any: one JobRetry per
// current failure, named by its id, so a second `pulumi up` finds it already there.
const { getFailedJobs, JobRetry } = require("pulumi-huaweicloud-workspace-jobs");

module.exports = async () => {
    const { jobs } = await getFailedJobs();
    const retries = jobs.map((job) => new JobRetry(`retry-${job.jobId}`, { jobId: job.jobId }));
    return { failedJobIds: jobs.map((job) => job.jobId), newJobIds: retries.map((retry) => retry.newJobId) };
};
