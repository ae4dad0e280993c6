import { JobStore, SeedJob, StoredJob } from "./jobStore";

/** How {@link seedFailedJobs} makes its jobs; each field has a default. */
export interface FailedJobsSeed {
    /** How many. @defaultValue 1 */
    count?: number;
    /** `applyWorkspace` or `cancelWorkspace` (or any type). @defaultValue "applyWorkspace" */
    jobType?: string;
    /** Project. @defaultValue the seeded jobs' project */
    projectId?: string;
    /** Failed sub jobs of each job. @defaultValue 2 */
    subJobCount?: number;
    /** Begin time of the first job, ISO-8601; each next one begins a second later. @defaultValue now */
    beginTime?: string;
    /** Fail reason of each. @defaultValue "Emulated failure." */
    failReason?: string;
    /**
     * Whether the project's Workspace service follows them (the last one seeded), as it
     * follows the newest job that opens or closes it; `false` seeds history.
     * @defaultValue true for `applyWorkspace` / `cancelWorkspace`
     */
    current?: boolean;
}

/** Most jobs one call seeds: a typo in a test must not fill the memory. */
const MAX_SEEDED = 10_000;

/**
 * Seeds failed jobs, each with failed sub jobs, one second apart (so "oldest first" has an
 * answer), and returns them in seeding order.
 *
 * @param store - the emulator's jobs
 * @param seed - how many, of which type, when
 */
export function seedFailedJobs(store: JobStore, seed: FailedJobsSeed = {}): StoredJob[] {
    const count = seed.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_SEEDED) {
        throw new RangeError(`count must be a whole number from 1 to ${MAX_SEEDED}, got ${JSON.stringify(seed.count)}`);
    }
    const firstMs = seed.beginTime === undefined ? Date.now() : Date.parse(seed.beginTime);
    if (Number.isNaN(firstMs)) throw new RangeError(`beginTime must be an ISO-8601 time, got ${JSON.stringify(seed.beginTime)}`);
    return Array.from({ length: count }, (_, index) => {
        const job: SeedJob = {
            jobType: seed.jobType ?? "applyWorkspace",
            projectId: seed.projectId,
            status: "FAILED",
            failReason: seed.failReason,
            subJobCount: seed.subJobCount ?? 2,
            beginTime: new Date(firstMs + index * 1000).toISOString(),
            ...(seed.current === undefined ? {} : { current: seed.current }),
        };
        return store.seed(job);
    });
}
