import * as pulumi from "@pulumi/pulumi";
import { getFailedJobs, JobRetry } from "pulumi-huaweicloud-workspace-jobs";

// Credentials, region and project id are deliberately NOT read here. The pipeline puts
// HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME and HW_PROJECT_ID into the environment from
// its secret store; getFailedJobs and the provider read them themselves, and they never
// become resource inputs, outputs or part of the state.
const config = new pulumi.Config();

/** New retries one run may send; the rest wait for the next runs, oldest first. */
const maxRetriesPerRun = config.getNumber("maxRetriesPerRun", { min: 0 }) ?? 5;
/** Only jobs that began at or after this ISO-8601 time (e.g. when the pipeline was set up). */
const since = config.get("since");
/** Failed jobs to leave alone, e.g. handled by hand. */
const skipJobIds = new Set(config.getObject<string[]>("skipJobIds") ?? []);
/** A deliberate second attempt: `{ "<failed job id>": <any new value> }` becomes that retry's `triggers`. */
const retryAgain = config.getObject<Record<string, unknown>>("retryAgain") ?? {};

/** What the last successful `pulumi up` of this stack recorded (its own stack outputs). */
interface LastRun {
    /** Failed job id -> id of the job its latest retry started. */
    retries: Record<string, string>;
    /** Every job a retry of this stack ever started. */
    startedByRetries: string[];
}

async function lastRecord(): Promise<LastRun> {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`);
    const [retries, started] = await Promise.all([self.getOutputDetails("retries"), self.getOutputDetails("startedByRetries")]);
    return {
        retries: (retries.value as Record<string, string> | undefined) ?? {},
        startedByRetries: (started.value as string[] | undefined) ?? [],
    };
}

export = async () => {
    const last = await lastRecord();
    const startedByUs = new Set(last.startedByRetries);
    const { jobs } = await getFailedJobs({ since });

    // A job that one of our retries started is never retried automatically: it would be a
    // second attempt of the same work. It is reported (failedAgain) instead.
    const candidates = jobs.filter((job) => !startedByUs.has(job.jobId) && !skipJobIds.has(job.jobId));
    const alreadyRetried = candidates.filter((job) => job.jobId in last.retries);
    const fresh = candidates.filter((job) => !(job.jobId in last.retries));
    const retryNow = fresh.slice(0, maxRetriesPerRun);
    const deferred = fresh.slice(maxRetriesPerRun);

    // One JobRetry per failed job, named by its id: the same job is the same resource on
    // every run, so a run retries only jobs it has not retried yet.
    const retries: Record<string, pulumi.Output<string>> = {};
    for (const job of [...alreadyRetried, ...retryNow]) {
        const retry = new JobRetry(`retry-${job.jobId}`, {
            jobId: job.jobId,
            ...(retryAgain[job.jobId] === undefined ? {} : { triggers: retryAgain[job.jobId] as pulumi.Input<any> }),
        });
        retries[job.jobId] = retry.newJobId;
    }

    const failedIds = new Set(jobs.map((job) => job.jobId));
    return {
        /** Failed job id -> the job its latest retry started. */
        retries,
        /** Jobs retried by this run for the first time. */
        retriedThisRun: retryNow.map((job) => job.jobId),
        /** Failed jobs left for the next runs by `maxRetriesPerRun`. */
        deferredJobIds: deferred.map((job) => job.jobId),
        /** Failed jobs whose latest retry started a job that failed too: they need a person (see the README). */
        failedAgain: pulumi.all(retries).apply((latest) =>
            Object.entries(latest)
                .filter(([, newJobId]) => failedIds.has(newJobId))
                .map(([jobId, newJobId]) => ({ jobId, newJobId })),
        ),
        /** Every job a retry of this stack started, kept across runs. */
        startedByRetries: pulumi.all(Object.values(retries)).apply((ids) => [...new Set([...last.startedByRetries, ...ids])]),
    };
};
