/**
 * What `JobRetry` says when the Workspace service's state stops a retry, or could not be read:
 * the service's status and job, and what to do about it in Pulumi terms. The advice to record
 * a job a retry already started (`adoptJobId`) is worded here only, for every message.
 *
 * @packageDocumentation
 */
import type { ServiceJobType, WorkspaceService } from "../client/workspaceService";
import { SERVICE_READ_PERMISSION } from "../shared/constants";
import type { Verdict } from "./retryDecision";

/** A retry not sent because of the service's state: nothing was sent, nothing recorded. */
export class ServiceStateRefusal extends Error {
    /** Always `"ServiceStateRefusal"`, so type guards work across copies of this package. */
    override name = "ServiceStateRefusal";
    /** Why, as the decision table said. */
    readonly verdict: Verdict;

    constructor(verdict: Verdict, message: string) {
        super(message);
        this.verdict = verdict;
    }
}

/** Where the jobs of a project are listed, so that a job a retry started can be found by hand. */
export const WHERE_JOBS_ARE_LISTED = "Workspace console, task list";

/**
 * The advice to record a job that a retry already started instead of sending a retry: the
 * one wording of `adoptJobId` in every message.
 *
 * @param job - the job's id, or how to tell it, e.g. `that job's id`
 */
export function adoptAdvice(job: string): string {
    return `set adoptJobId to ${job} on this JobRetry and run "pulumi up": it records that job and sends no retry`;
}

const WHAT: Record<ServiceJobType, string> = {
    applyWorkspace: "registration (it opens the Workspace service)",
    cancelWorkspace: "deregistration (it closes the Workspace service)",
};

const RUNNING_KIND: Record<string, string> = {
    PREPARING: "a registration",
    SUBSCRIBING: "a registration",
    DEREGISTERING: "a deregistration",
};

/** `status SUBSCRIBED, job_id 1234` or `status SUBSCRIBED, no job_id`, then the service's `fail_reason` when it has one. */
function describeService(service: WorkspaceService): string {
    return `status ${service.status}, ${service.jobId ? `job_id ${service.jobId}` : "no job_id"}${service.failReason ? `, fail_reason ${JSON.stringify(service.failReason)}` : ""}`;
}

/**
 * The error of a verdict that sends nothing.
 *
 * @param verdict - from the decision table (not a "send" or "record" one)
 * @param jobId - the failed job
 * @param jobType - its type
 * @param service - the service's state as read
 * @param projectId - the project
 */
export function refusal(
    verdict: Verdict,
    jobId: string,
    jobType: ServiceJobType,
    service: WorkspaceService,
    projectId: string,
): ServiceStateRefusal {
    const job = service.jobId || "(not named)";
    const adopt = `if job ${job} is a retry of ${jobId} that someone made in the console, ${adoptAdvice(job)}`;
    const remove = `remove this JobRetry from the program: removing it makes no API call`;
    const [first, why, todo] =
        verdict === "goal-reached"
            ? [
                  `the Workspace service is already ${service.status}: what ${jobType} job ${jobId} was for is done`,
                  "a retry would start the same work again on a service that no longer needs it",
                  `${remove}; ${adopt}`,
              ]
            : verdict === "other-direction"
              ? [
                    `job ${jobId} is a ${WHAT[jobType]}, but the Workspace service is ${service.status}`,
                    jobType === "cancelWorkspace"
                        ? "a retry of this stale deregistration would close a service that is open or opening"
                        : "a retry of this stale registration would reopen a service that is closing or closed",
                    `${remove}; to ${jobType === "cancelWorkspace" ? "close" : "open"} the service now, do it in the Workspace console`,
                ]
              : verdict === "running-other"
                ? [
                      `${RUNNING_KIND[service.status] ?? "a job"} (job ${job}) is running for the Workspace service`,
                      `a retry of ${jobType} job ${jobId} would work against it`,
                      `wait until job ${job} has finished, then run "pulumi up" again: it decides again from the service's state`,
                  ]
                : [
                      `the Workspace service's status ${JSON.stringify(service.status)} is not one this version knows`,
                      "a retry is sent only when the service is known to be stuck on this job's kind of failure",
                      `check the service in the Workspace console; ${adopt}`,
                  ];
    return new ServiceStateRefusal(
        verdict,
        [
            `No retry sent: ${first}.`,
            `    service=${describeService(service)} (GET /v2/${projectId}/workspaces)`,
            `    failed_job=${jobId} (${jobType})`,
            `    why_not=${why}`,
            `    to_do=${todo}`,
        ].join("\n"),
    );
}

/**
 * The error when a job runs for the service but neither its `job_id` nor the sub-job list names it.
 *
 * @param jobId - the failed job
 * @param service - the service's state as read
 */
export function unnamedRunningJob(jobId: string, service: WorkspaceService): ServiceStateRefusal {
    return new ServiceStateRefusal(
        "record-running",
        [
            `No retry sent: a job is running for the Workspace service (${describeService(service)}), but neither the service nor the sub-job list names it.`,
            `    failed_job=${jobId}`,
            `    why_not=a retry now would start a second job next to the running one`,
            `    to_do=wait for it to finish and run "pulumi up" again; or ${adoptAdvice(`the running job's id (${WHERE_JOBS_ARE_LISTED})`)}`,
        ].join("\n"),
    );
}

/**
 * The one warning line printed when the service's state (or the failed job's type) cannot be
 * read: the retry is then sent as before this check existed. The provider host forwards its
 * output lines to `pulumi up`, not tied to the resource, so the line names the job.
 *
 * @param jobId - the failed job
 * @param what - what could not be read and why, e.g. `the Workspace service's state (HTTP 403 APIG.0302)`
 * @param permission - the IAM action that would let it be read
 */
export function uncheckedWarning(jobId: string, what: string, permission = SERVICE_READ_PERMISSION): string {
    return `warning: JobRetry of job ${jobId}: ${what} could not be read; grant ${permission} so that the retry is decided from the service's state. Sending the retry without that check.`;
}

/**
 * The lines added to a lost retry answer that the service could not resolve: what was seen,
 * and what the next `pulumi up` does.
 *
 * @param seen - what the last read of the service showed, or why it could not be read
 */
export function unresolvedAdvice(seen: string): string[] {
    return [
        `    service_check=${seen}`,
        `    if_a_job_started=${adoptAdvice("that job's id")}`,
        `    next_up=nothing was recorded: the next "pulumi up" reads the service again and records a job it then shows; it sends the retry only while the service still shows the failure`,
    ];
}
