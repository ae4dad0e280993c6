/**
 * The job the bare POST provider (and the waiting benchmark's client) retries on every run:
 * the emulator's seeded failed `applyWorkspace` job, which stays FAILED, so it can be retried
 * again and again (the emulator accepts a retry whatever the service's state). Each `JobRetry` gets a failed project of its
 * own instead (./upTimes), because it decides from its project's service.
 *
 * @packageDocumentation
 */
import { DEFAULT_SEED } from "pulumi-huaweicloud-workspace-jobs/emulator";

/** Id of the seeded failed `applyWorkspace` job. */
export const FAILED_JOB = DEFAULT_SEED.find((job) => job.jobType === "applyWorkspace" && job.status === "FAILED")!.id!;
