/**
 * Whether a retry may be sent, decided from the Workspace service's state: the one table
 * that every `JobRetry` create goes through before its POST (docs/service-state.md).
 *
 * The service's `status` decides; its `job_id` only names the job to record or report. That
 * a retry moves `status` to `SUBSCRIBING` / `DEREGISTERING` and `job_id` to the new job is
 * inferred, not documented, so every row that is not "send" sends nothing: a wrong guess
 * costs an error, never a second job.
 *
 * @packageDocumentation
 */
import { isServiceJobType, ServiceJobType } from "../client/workspaceService";

/** What the service's state means for a retry of a failed job. */
export type Verdict =
    /** The service is stuck on a failure of the job's own type: send the retry, once. */
    | "send"
    /** A job of the failed job's type runs for the service: record it, send nothing. */
    | "record-running"
    /** A job of the other type runs for the service: send nothing, name it. */
    | "running-other"
    /** The service is already where the job wanted it: send nothing. */
    | "goal-reached"
    /** The service is closing or closed for a registration, open or opening for a deregistration: send nothing. */
    | "other-direction"
    /** A status this version does not know: send nothing. */
    | "unknown-status"
    /** The state could not be read, or the job's type is unknown: send as before the service was read, with a warning. */
    | "send-unchecked"
    /** Not a registration or deregistration: the service's state says nothing about it; the retry API judges it. */
    | "send-not-service-job";

/**
 * THE table: for a failed job of each type, what each service status means. Statuses not in
 * a row are unknown to this version.
 */
export const DECISION_TABLE: Readonly<Record<ServiceJobType, Readonly<Record<string, Verdict>>>> = {
    applyWorkspace: {
        SUBSCRIPTION_FAILED: "send",
        PREPARING: "record-running",
        SUBSCRIBING: "record-running",
        DEREGISTERING: "running-other",
        SUBSCRIBED: "goal-reached",
        DEREGISTRATION_FAILED: "other-direction",
        CLOSED: "other-direction",
    },
    cancelWorkspace: {
        DEREGISTRATION_FAILED: "send",
        DEREGISTERING: "record-running",
        PREPARING: "running-other",
        SUBSCRIBING: "running-other",
        CLOSED: "goal-reached",
        SUBSCRIBED: "other-direction",
        SUBSCRIPTION_FAILED: "other-direction",
    },
};

/** The facts the table is applied to. */
export interface DecisionInput {
    /** The failed job's `job_type`; empty when the API did not say. */
    jobType: string;
    /** The service's `status`, upper case; `undefined` when the state could not be read, empty when it had none. */
    serviceStatus: string | undefined;
}

/**
 * The verdict for a failed job and the service's state.
 *
 * @param input - the failed job's type and the service's status
 */
export function decide(input: DecisionInput): Verdict {
    if (input.serviceStatus === undefined || input.serviceStatus === "" || input.jobType === "") return "send-unchecked";
    if (!isServiceJobType(input.jobType)) return "send-not-service-job";
    return DECISION_TABLE[input.jobType][input.serviceStatus] ?? "unknown-status";
}

/**
 * The statuses that show a job of this type running, failed or done for the service: when the
 * service shows one of them with a job other than the one it showed before a POST, that job
 * is of this type.
 *
 * @param jobType - the failed job's type
 */
export function statusesOfType(jobType: ServiceJobType): string[] {
    return jobType === "applyWorkspace"
        ? ["PREPARING", "SUBSCRIBING", "SUBSCRIBED", "SUBSCRIPTION_FAILED"]
        : ["DEREGISTERING", "CLOSED", "DEREGISTRATION_FAILED"];
}
