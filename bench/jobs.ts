/**
 * The job every benchmark run retries: the emulator's seeded failed `applyWorkspace` job,
 * which stays FAILED, so it can be retried again and again.
 *
 * @packageDocumentation
 */
import { DEFAULT_SEED } from "pulumi-huaweicloud-workspace-jobs/emulator";

/** Id of the seeded failed `applyWorkspace` job. */
export const FAILED_JOB = DEFAULT_SEED.find((job) => job.jobType === "applyWorkspace" && job.status === "FAILED")!.id!;
