/**
 * The Workspace service's state as `GET /v2/{project_id}/workspaces` (SDK: ListWorkspaces)
 * answers it: one object per project, whose `status` and `job_id` say whether the service is
 * open, closed, or on its way, and which job opens or closes it.
 *
 * @packageDocumentation
 */
import { fieldText } from "./responses";

/** The job types that open (`applyWorkspace`) and close (`cancelWorkspace`) the service: the ones it tracks. */
export const SERVICE_JOB_TYPES = ["applyWorkspace", "cancelWorkspace"] as const;

/** `applyWorkspace` or `cancelWorkspace`. */
export type ServiceJobType = (typeof SERVICE_JOB_TYPES)[number];

/**
 * Whether a job type opens or closes the service.
 *
 * @param jobType - a job's `job_type`
 */
export function isServiceJobType(jobType: string): jobType is ServiceJobType {
    return (SERVICE_JOB_TYPES as readonly string[]).includes(jobType);
}

/** The status of a service stuck on a failed job of each type; its `job_id` then names that job. */
export const FAILED_SERVICE_STATUS: Readonly<Record<ServiceJobType, string>> = {
    applyWorkspace: "SUBSCRIPTION_FAILED",
    cancelWorkspace: "DEREGISTRATION_FAILED",
};

/** The documented top-level fields of the service that say what is going on; each may be missing. */
export interface WorkspaceService {
    /** `status` as spelled by the API, e.g. `SUBSCRIPTION_FAILED`; empty when absent. */
    status: string;
    /** `job_id`: the job that opens or closes the service; empty when absent. */
    jobId: string;
    /** `fail_reason`; empty when absent. */
    failReason: string;
    /** `fail_code`, when the API gave a number. */
    failCode?: number;
    /** `progress`, e.g. `"40%"`; empty when absent. */
    progress: string;
    /** `closable`, when the API gave a boolean. */
    closable?: boolean;
    /** `id` of the service; empty when absent. */
    id: string;
    /** `access_status`; empty when absent. */
    accessStatus: string;
    /** `config_status`; empty when absent. */
    configStatus: string;
}

/**
 * Reads the service from the API's JSON, tolerating missing or mistyped fields.
 *
 * @param json - the parsed body
 */
export function parseWorkspaceService(json: Record<string, unknown>): WorkspaceService {
    return {
        status: fieldText(json.status).trim().toUpperCase(),
        jobId: fieldText(json.job_id).trim(),
        failReason: fieldText(json.fail_reason),
        ...(typeof json.fail_code === "number" && Number.isFinite(json.fail_code) ? { failCode: json.fail_code } : {}),
        progress: fieldText(json.progress),
        ...(typeof json.closable === "boolean" ? { closable: json.closable } : {}),
        id: fieldText(json.id),
        accessStatus: fieldText(json.access_status),
        configStatus: fieldText(json.config_status),
    };
}
