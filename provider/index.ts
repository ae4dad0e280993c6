/**
 * Pulumi dynamic provider for Huawei Cloud Workspace jobs: {@link JobRetry} retries a failed
 * `applyWorkspace` / `cancelWorkspace` job and records the new job's id; {@link JobWait}
 * waits for a job to finish.
 *
 * Only what a program can use is exported: the provider's errors reach a program as text
 * (the engine prints them), never as objects to catch.
 *
 * @packageDocumentation
 */
export { JobRetry, JobRetryArgs } from "./jobRetry";
export { JobWait, JobWaitArgs } from "./jobWait";
export type {
    JobRetryInputs,
    JobRetryOutputs,
    JobStatusOutputs,
    JobWaitInputs,
    JobWaitOutputs,
    JsonValue,
    ResolvedTargetOutputs,
    SubJobSummary,
} from "./types";
export { SETTING_SOURCES } from "./settings";
export type { SettingSource, SettingName } from "./settings";
