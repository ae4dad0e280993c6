import { apiTimeMs } from "../client/jobTimes";
import { listAllSubJobs } from "../client/subJobPager";
import type { WorkspaceClient } from "../client/workspaceClient";

/**
 * The second witness, where the service's `job_id` does not name a started job: the newest
 * parent job of the sub jobs of this type that began after `afterMs` (when the job the
 * service showed last ended: anything of its type that began later is newer than it).
 * `undefined` when there is none.
 *
 * @param client - reads the sub-job list (`GET /v2/{project_id}/workspace-sub-jobs?job_type=...`)
 * @param jobType - `applyWorkspace` or `cancelWorkspace`
 * @param afterMs - ms since the epoch; sub jobs that began at or before it do not count
 * @param exclude - jobs already known (the failed job, the one the service showed)
 */
export async function newerJobOfType(
    client: WorkspaceClient,
    jobType: string,
    afterMs: number,
    exclude: readonly string[],
): Promise<string | undefined> {
    const subJobs = await listAllSubJobs((query) => client.listSubJobs(query), { jobType });
    let newest: { jobId: string; beganMs: number } | undefined;
    for (const subJob of subJobs) {
        const beganMs = apiTimeMs(subJob.beginTime);
        if (beganMs === undefined || beganMs <= afterMs || subJob.jobId === "" || exclude.includes(subJob.jobId)) continue;
        if (subJob.jobType !== "" && subJob.jobType !== jobType) continue;
        if (!newest || beganMs > newest.beganMs) newest = { jobId: subJob.jobId, beganMs };
    }
    return newest?.jobId;
}
