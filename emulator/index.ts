/**
 * A local Huawei Cloud Workspace job API for demos and tests: start it in-process with
 * {@link WorkspaceEmulator.start}, or from the command line with `workspace-emulator`.
 *
 * @packageDocumentation
 */
export { WorkspaceEmulator, EmulatorOptions, DEFAULT_TOKEN, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from "./server";
export { DEFAULT_SEED, DEFAULT_PROJECT_ID, RETRIABLE_JOB_TYPES, JobStore } from "./jobStore";
export { EmulatorClock } from "./clock";
export { FaultQueue, FAULT_KINDS, FAULT_ROUTES, isFault } from "./faults";
export { ServiceStates, SERVICE_JOB_TYPES } from "./serviceStates";
export type { ServiceOverride, FollowedJob, JobStanding } from "./serviceStates";
export type { SeedJob, JobTiming, RetryOutcome, StoredJob } from "./jobStore";
export type { Fault, FaultRoute } from "./faults";
export type { LoggedRequest } from "./requestLog";
export type { KnownKey } from "./signatureVerifier";
export { seedFailedJobs } from "./seedFailedJobs";
export type { FailedJobsSeed } from "./seedFailedJobs";
