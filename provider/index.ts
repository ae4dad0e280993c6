/**
 * Pulumi dynamic provider for Huawei Cloud Workspace jobs: {@link JobRetry} retries a failed
 * `applyWorkspace` / `cancelWorkspace` job and records the new job's id; {@link JobWait}
 * waits for a job to finish.
 *
 * Only what a program can use is exported: the resources' errors reach a program as text
 * (the engine prints them); the errors exported are those {@link getFailedJobs}, which runs
 * in the program, can throw.
 *
 * @packageDocumentation
 */
export { JobRetry, JobRetryArgs } from "./program/jobRetry";
export { JobWait, JobWaitArgs } from "./program/jobWait";
export type {
    JobRetryInputs,
    JobRetryOutputs,
    JobStatusOutputs,
    JobWaitInputs,
    JobWaitOutputs,
    JsonValue,
    ResolvedTargetOutputs,
    SubJobSummary,
} from "./shared/types";
export { SETTING_SOURCES } from "./shared/settingSources";
export type { SettingSource, SettingName } from "./shared/settingSources";
export { getFailedJobs, getFailedJobsOutput } from "./program/failedJobs";
export type { GetFailedJobsOutputArgs } from "./program/failedJobs";
export type { FailedJob, GetFailedJobsArgs, GetFailedJobsResult } from "./program/failedJobsArgs";
// getFailedJobs runs in the program, so what it throws is an object a program can catch.
export { FailedJobsArgumentError } from "./program/failedJobsArgs";
export { SettingsError } from "./shared/settingsError";
export { WorkspaceApiError, WorkspaceError, WorkspaceNetworkError, WorkspaceTimeoutError, isWorkspaceApiError } from "./client/errors";
export type { ApiErrorFields, AttemptRecord, TransportFailureDetails, WorkspaceErrorDetails } from "./client/errors";
export type { FailureClass } from "./client/retry/classify";
