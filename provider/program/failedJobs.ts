import * as pulumi from "@pulumi/pulumi";
import { isUsableId } from "../client/ids";
import { WorkspaceClient } from "../client/workspaceClient";
import { FAILED_SERVICE_STATUS } from "../client/workspaceService";
import { failedJobOf, oldestFirst, parentJobIds } from "./failedJobGrouping";
import {
    checkFailedJobsArgs,
    CheckedFailedJobsArgs,
    FailedJob,
    FailedJobsArgumentError,
    GetFailedJobsArgs,
    GetFailedJobsResult,
} from "./failedJobsArgs";
import { isWorkspaceApiError } from "../client/errors";
import { programConfig } from "./programConfig";
import { errorForPulumi } from "../shared/pulumiAdvice";
import { clientFor } from "../shared/clientFor";
import { processSeams, ProcessSeams } from "../shared/processSeams";
import { resolveSettings } from "../shared/settings";
import type { ConfigLookup } from "../shared/settingSources";
import { DEFAULT_PAGING, listAllSubJobs, PagingOptions } from "../client/subJobPager";

/**
 * {@link getFailedJobs} with its seams open (tests give a transport, an environment, stack
 * config and small pages).
 *
 * @param args - see {@link GetFailedJobsArgs}
 * @param given - seams that replace the process's defaults
 * @param config - stack config; the program's by default (none in plain Node)
 * @param paging - page size and page bound of the sub-job listing
 */
export async function listFailedJobs(
    args: GetFailedJobsArgs | undefined,
    given: Partial<ProcessSeams> = {},
    config: ConfigLookup = programConfig(),
    paging: PagingOptions = DEFAULT_PAGING,
): Promise<GetFailedJobsResult> {
    const checked = checkFailedJobsArgs(args);
    const seams = processSeams(given);
    try {
        const client = clientFor(resolveSettings(checked.settingInputs, config, seams.env), seams);
        const stuckOn = await currentFailure(client);
        if (!checked.includeHistory) {
            const job = stuckOn ? await readFailedJob(client, stuckOn, checked) : undefined;
            return { jobs: job ? [{ ...job, current: true }] : [] };
        }
        const subJobs = [];
        for (const jobType of checked.jobTypes) {
            subJobs.push(...(await listAllSubJobs((query) => client.listSubJobs(query), { status: "FAILED", jobType }, paging)));
        }
        const jobs: FailedJob[] = [];
        // One job at a time: a few reads per run, well inside the API's per-tenant read limit.
        for (const jobId of parentJobIds(subJobs, checked.sinceMs)) {
            const job = await readFailedJob(client, jobId, checked);
            if (job) jobs.push({ ...job, current: job.jobId === stuckOn });
        }
        return { jobs: oldestFirst(jobs) };
    } catch (error) {
        throw errorForPulumi(error, config, seams.env);
    }
}

/** Service statuses that say it is stuck on a failed open or close job (its `job_id`). */
const STUCK_STATUSES = new Set(Object.values(FAILED_SERVICE_STATUS));

/** The failed job the project's Workspace service is stuck on, or `""`. */
async function currentFailure(client: WorkspaceClient): Promise<string> {
    const service = await client.getWorkspaceService();
    return STUCK_STATUSES.has(service.status) && isUsableId(service.jobId) ? service.jobId : "";
}

/** A job as a failed job of the types and time asked for, or `undefined`; a job the API no longer knows is none. */
async function readFailedJob(
    client: WorkspaceClient,
    jobId: string,
    checked: CheckedFailedJobsArgs,
): Promise<Omit<FailedJob, "current"> | undefined> {
    // An id that cannot be one path segment can be neither read nor retried.
    if (!isUsableId(jobId)) return undefined;
    try {
        return failedJobOf(await client.getJob(jobId), checked.jobTypes, checked.sinceMs);
    } catch (error) {
        if (isWorkspaceApiError(error) && error.status === 404) return undefined;
        throw error;
    }
}

/**
 * Lists the failed registration (`applyWorkspace`) and deregistration (`cancelWorkspace`)
 * jobs a {@link JobRetry} can retry now: by default only the one the project's Workspace
 * service is stuck on (0 or 1), read from the service's state
 * (`GET /v2/{project_id}/workspaces`: its `job_id` while its status is `SUBSCRIPTION_FAILED` or
 * `DEREGISTRATION_FAILED`) and that job (`GET /v2/{project_id}/workspace-jobs/{job_id}`).
 *
 * With `includeHistory: true` it lists every failed job of those types, oldest first, each
 * with `current` telling whether the service is stuck on it. Workspace has no list of jobs,
 * so this lists the failed sub jobs (`GET /v2/{project_id}/workspace-sub-jobs?status=FAILED&job_type=...`,
 * every page) and reads each parent job; a job is listed only when its own status says it
 * failed. It needs the IAM actions `workspace:workspaces:list` and `workspace:jobs:get`
 * (and `workspace:jobs:listSubJobs` for the history), and sends nothing else.
 *
 * Settings, credentials (IAM token, access key pair, temporary keys), signing, retries (GETs
 * are retried on throttling and 5xx) and errors are those of `JobRetry`; credentials are
 * scrubbed from every error. It runs in the program process, `pulumi preview` included:
 * secret stack config is read without a warning and kept nowhere. From plain Node, with no
 * Pulumi engine, the environment alone is used.
 *
 * @param args - project, region, endpoint, job types, `since` and `includeHistory`; all optional
 * @returns the failed jobs, oldest first: by default the current failure only
 * @throws FailedJobsArgumentError for a bad argument, before any request
 * @throws SettingsError for a missing or malformed setting, before any request
 * @throws WorkspaceError when a call fails; TooManyPagesError past the page bound
 * @example
 * ```ts
 * // The failure the service is stuck on, if any: a second run finds the same resource, or none.
 * const { jobs } = await getFailedJobs();
 * for (const job of jobs) new JobRetry(`retry-${job.jobId}`, { jobId: job.jobId });
 * ```
 */
export function getFailedJobs(args?: GetFailedJobsArgs): Promise<GetFailedJobsResult> {
    return listFailedJobs(args);
}

/** Arguments of {@link getFailedJobsOutput}: those of {@link GetFailedJobsArgs}, each may be an Output. */
export interface GetFailedJobsOutputArgs {
    /** See {@link GetFailedJobsArgs.projectId}. */
    projectId?: pulumi.Input<string>;
    /** See {@link GetFailedJobsArgs.region}. */
    region?: pulumi.Input<string>;
    /** See {@link GetFailedJobsArgs.endpoint}. */
    endpoint?: pulumi.Input<string>;
    /** See {@link GetFailedJobsArgs.jobTypes}. */
    jobTypes?: pulumi.Input<pulumi.Input<string>[]>;
    /** See {@link GetFailedJobsArgs.since}: an ISO-8601 string (possibly an Output) or a `Date`. */
    since?: pulumi.Input<string> | Date;
    /** See {@link GetFailedJobsArgs.includeHistory}. */
    includeHistory?: pulumi.Input<boolean>;
}

/**
 * {@link getFailedJobs} as a Pulumi Output, for arguments that are Outputs themselves. The
 * listing runs once the arguments are known (during `pulumi preview` too).
 *
 * @param args - project, region, endpoint, job types, `since` and `includeHistory`; all optional
 * @example
 * ```ts
 * export const failedJobIds = getFailedJobsOutput().apply(({ jobs }) => jobs.map((job) => job.jobId));
 * ```
 */
export function getFailedJobsOutput(args: GetFailedJobsOutputArgs = {}): pulumi.Output<GetFailedJobsResult> {
    // A Date would not survive `pulumi.output` (it unwraps objects key by key).
    let since = args.since;
    if (since instanceof Date) {
        if (Number.isNaN(since.getTime())) throw new FailedJobsArgumentError("since", "must be a valid Date; got an invalid Date");
        since = since.toISOString();
    }
    return pulumi.output({ ...args, since }).apply((plain) => {
        const given = Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined));
        return getFailedJobs(given as GetFailedJobsArgs);
    });
}
