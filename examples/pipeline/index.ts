import * as pulumi from "@pulumi/pulumi";
import { getFailedJobs, JobRetry } from "pulumi-huaweicloud-workspace-jobs";

// Credentials are deliberately NOT read here. The pipeline puts HW_ACCESS_KEY and
// HW_SECRET_KEY into the environment from its secret store; getFailedJobs and the provider
// read them themselves, and they never become resource inputs, outputs or part of the state.
const config = new pulumi.Config();

/** One project to watch; each field falls back to stack config (`huaweicloud:*`) and the environment. */
interface WatchedProject {
    projectId?: string;
    region?: string;
    endpoint?: string;
}

/** The projects (and their regions) this stack recovers; one from the environment when unset. */
const projects = config.getObject<WatchedProject[]>("projects") ?? [{}];
/** Only failures that began at or after this ISO-8601 time. */
const since = config.get("since");
/** Failures to leave alone, e.g. handled by hand. */
const skipJobIds = new Set(config.getObject<string[]>("skipJobIds") ?? []);
/** A person's decision to retry a failure again: `{ "<failed job id>": <any new value> }` becomes its `triggers`. */
const retryAgain = config.getObject<Record<string, unknown>>("retryAgain") ?? {};

/**
 * Every job a retry of this stack started, from its own last outputs. On a fresh runner this
 * is the only memory that a failure is one of our own retries, which failed again.
 */
async function startedByRetries(): Promise<Set<string>> {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`);
    const { value } = await self.getOutputDetails("startedByRetries");
    return new Set((value as string[] | undefined) ?? []);
}

export = async () => {
    const started = await startedByRetries();
    // One listing per project: the failure its Workspace service is stuck on, 0 or 1.
    const current = await Promise.all(
        projects.map(async (project) => ({ project, jobs: (await getFailedJobs({ ...project, since })).jobs })),
    );

    const retries: Record<string, pulumi.Output<string>> = {};
    const failedAgain: Array<{ projectId: string; jobId: string; failReason: string }> = [];
    for (const { project, jobs } of current) {
        for (const job of jobs.filter((each) => !skipJobIds.has(each.jobId))) {
            const decided = retryAgain[job.jobId];
            // A failure one of our retries produced is never retried unattended: a person decides.
            if (started.has(job.jobId) && decided === undefined) {
                failedAgain.push({
                    projectId: project.projectId ?? "(from the environment)",
                    jobId: job.jobId,
                    failReason: job.failReason,
                });
                continue;
            }
            // Named by the failed job: a second run, or a re-run, finds it there and retries nothing.
            const retry = new JobRetry(`retry-${job.jobId}`, {
                jobId: job.jobId,
                projectId: project.projectId,
                region: project.region,
                endpoint: project.endpoint,
                ...(decided === undefined ? {} : { triggers: decided as pulumi.Input<any> }),
            });
            retries[job.jobId] = retry.newJobId;
        }
    }

    return {
        /** Per project, the failure its service is stuck on (none: an empty list). */
        currentFailures: current.map(({ project, jobs }) => ({
            projectId: project.projectId ?? "(from the environment)",
            jobIds: jobs.map((job) => job.jobId),
        })),
        /** Failed job id -> the job its retry started. */
        retries,
        /** Failures that a retry of this stack started: not retried; the workflow turns red on them (see the README). */
        failedAgain,
        /** Every job a retry of this stack started, kept across runs. */
        startedByRetries: pulumi.all(Object.values(retries)).apply((ids) => [...new Set([...started, ...ids])].sort()),
    };
};
