/**
 * Pulumi dynamic provider for Huawei Cloud Workspace jobs: {@link JobRetry} retries a failed
 * `applyWorkspace` / `cancelWorkspace` job and records the new job's id.
 *
 * @packageDocumentation
 */
export { JobRetry, JobRetryArgs } from "./jobRetry";
export type { JobRetryInputs, JobRetryOutputs, JsonValue, SubJobSummary } from "./types";
export { SETTING_SOURCES, SettingsError } from "./settings";
export type { SettingSource, SettingName } from "./settings";
export { JobRetryPartialFailure } from "./partialFailure";
export {
    WorkspaceError,
    WorkspaceApiError,
    WorkspaceNetworkError,
    WorkspaceTimeoutError,
    RetryOutcomeUnknownError,
    isWorkspaceApiError,
} from "./client/errors";
export type { AttemptRecord, WorkspaceErrorDetails } from "./client/errors";
export type { FailureClass } from "./client/retry/classify";
export { getFailedJobs, getFailedJobsOutput } from "./failedJobs";
export type { GetFailedJobsOutputArgs } from "./failedJobs";
export { FailedJobsArgumentError } from "./failedJobsArgs";
export type { FailedJob, GetFailedJobsArgs, GetFailedJobsResult } from "./failedJobsArgs";
export { TooManyPagesError } from "./subJobPager";
