// Retries every failed registration and deregistration job once: one JobRetry per failed
// job, named by its id, so a second `pulumi up` finds every one of them already there.
import { getFailedJobs, JobRetry } from "pulumi-huaweicloud-workspace-jobs";

export = async () => {
    const { jobs } = await getFailedJobs();
    const retries = jobs.map((job) => new JobRetry(`retry-${job.jobId}`, { jobId: job.jobId }));
    return { failedJobIds: jobs.map((job) => job.jobId), newJobIds: retries.map((retry) => retry.newJobId) };
};
