import { randomUUID } from "node:crypto";
import { EmulatorClock } from "./clock";
import { FollowedJob, SERVICE_JOB_TYPES, ServiceStates } from "./serviceStates";

/** How a job started by a retry ends. `SUBJOB_FAILED`: the job says SUCCESS but a sub job failed. */
export type RetryOutcome = "SUCCESS" | "FAILED" | "SUBJOB_FAILED";

/** Job types that the retry API accepts: exactly those that open or close the service. */
export const RETRIABLE_JOB_TYPES: ReadonlySet<string> = SERVICE_JOB_TYPES;

/** A job as the emulator keeps it. Status of retried jobs is derived from time, not stored. */
export interface StoredJob {
    /** Job id. */
    id: string;
    /** Project the job belongs to. */
    projectId: string;
    /** `applyWorkspace`, `cancelWorkspace`, `createDesktop`, ... */
    jobType: string;
    /** Fixed status of a seeded job; absent for jobs started by a retry (derived from time). */
    status?: string;
    /** Fail reason of a seeded failed job. */
    failReason?: string;
    /** Emulated time the job began, ms since the epoch. */
    beginMs: number;
    /** For a job started by a retry: how it ends. For a seeded job: how its retries end (`retryOutcome`). */
    outcome?: RetryOutcome;
    /** Emulated milliseconds a retried job stays `INIT`. */
    initMs?: number;
    /** Emulated milliseconds a retried job stays `RUNNING`. */
    runMs?: number;
    /** Job whose retry started this one. */
    retriedFrom?: string;
    /** Number of sub jobs (desktops). */
    subJobCount: number;
}

/** How jobs started by retries behave. */
export interface JobTiming {
    /** Emulated milliseconds in `INIT`. @defaultValue 200 */
    initMs: number;
    /** Emulated milliseconds in `RUNNING`. @defaultValue 1000 */
    runMs: number;
    /** How they end. @defaultValue "SUCCESS" */
    outcome: RetryOutcome;
    /** Sub jobs per job. @defaultValue 2 */
    subJobCount: number;
}

/** A job to seed, as tests and the command line describe it. */
export interface SeedJob {
    /** Job id. @defaultValue a random UUID */
    id?: string;
    /** Project. @defaultValue {@link DEFAULT_PROJECT_ID} */
    projectId?: string;
    /** Job type. @defaultValue "applyWorkspace" */
    jobType?: string;
    /** Fixed status. @defaultValue "FAILED" */
    status?: string;
    /** Fail reason. @defaultValue "Emulated failure." for a failed job, empty otherwise */
    failReason?: string;
    /** Overrides the store's outcome for retries of this job. */
    retryOutcome?: RetryOutcome;
    /** When it began, ISO-8601. @defaultValue now */
    beginTime?: string;
    /** Its sub jobs (desktops); those of a failed job all failed. @defaultValue the store's `subJobCount` */
    subJobCount?: number;
    /**
     * Whether the project's Workspace service now follows this job (its `job_id` and `status`),
     * as it follows the newest job that opens or closes it. `false` seeds history.
     * @defaultValue true for `applyWorkspace` / `cancelWorkspace`
     */
    current?: boolean;
}

/** The project of the seed page's example, used when a seeded job names none. */
export const DEFAULT_PROJECT_ID = "29dfe82ada564ac2b927e1ff036d9a9b";

/**
 * Jobs every emulator starts with; the first is the seed page's example, the failed
 * registration the default project's Workspace service is stuck on (`SUBSCRIPTION_FAILED`).
 * The others are history: an old failed deregistration (stale: retrying it must be refused)
 * and an old successful registration.
 */
export const DEFAULT_SEED: readonly SeedJob[] = [
    {
        id: "6783cecb-0e5c-4521-a3ea-825f551c1ba9",
        jobType: "applyWorkspace",
        status: "FAILED",
        failReason: "Failed to create the VPC endpoint: quota exceeded.",
    },
    {
        id: "a3c2d8f0-5b1e-4c7a-9f3d-2e6b8c4a1d70",
        jobType: "cancelWorkspace",
        status: "FAILED",
        failReason: "Failed to release the AD connector.",
        current: false,
    },
    { id: "5f0c6a2e-8d3b-4e19-b7a4-9c1e2d3f4a5b", jobType: "applyWorkspace", status: "SUCCESS", current: false },
    { id: "c9e8d7f6-1a2b-4c3d-8e9f-0a1b2c3d4e5f", jobType: "createDesktop", status: "FAILED", failReason: "Flavor sold out." },
];

/** The emulator's jobs, in memory. */
export class JobStore {
    private readonly jobs = new Map<string, StoredJob>();
    /** Jobs started by accepted retries: what tests compare against the retries asked for. */
    jobsCreated = 0;
    /** Each project's Workspace service: the job it follows, or a state set directly. */
    readonly services = new ServiceStates();

    /**
     * @param clock - the emulator's (possibly scaled) time
     * @param timing - how jobs started by retries behave; mutable, so tests can change it between steps
     */
    constructor(
        private readonly clock: EmulatorClock,
        /** How jobs started by retries behave. */
        public timing: JobTiming,
    ) {}

    /** Adds (or replaces) a job with a fixed status. */
    seed(job: SeedJob): StoredJob {
        const stored: StoredJob = {
            id: job.id ?? randomUUID(),
            projectId: job.projectId ?? DEFAULT_PROJECT_ID,
            jobType: job.jobType ?? "applyWorkspace",
            status: job.status ?? "FAILED",
            failReason: job.failReason ?? (job.status === "SUCCESS" ? "" : "Emulated failure."),
            beginMs: job.beginTime === undefined ? this.clock.nowMs() : Date.parse(job.beginTime),
            outcome: job.retryOutcome,
            subJobCount: job.subJobCount ?? this.timing.subJobCount,
        };
        this.jobs.set(stored.id, stored);
        if (SERVICE_JOB_TYPES.has(stored.jobType) && job.current !== false) this.services.follow(stored.projectId, stored.id, true);
        return stored;
    }

    /** The job with this id in this project, if any. */
    find(projectId: string, jobId: string): StoredJob | undefined {
        const job = this.jobs.get(jobId);
        return job && job.projectId === projectId ? job : undefined;
    }

    /** Every job, seeded and started. */
    all(): StoredJob[] {
        return [...this.jobs.values()];
    }

    /** Starts the job that a retry of `original` creates; the service follows it. */
    startRetry(original: StoredJob): StoredJob {
        // A seeded job's `outcome` is how its retries end; a started job's is how it ends itself.
        const job = this.start(original.projectId, original.jobType, original.status === undefined ? undefined : original.outcome);
        job.retriedFrom = original.id;
        this.jobsCreated += 1;
        return job;
    }

    /**
     * Starts a job that opens or closes a project's service (`POST` / `DELETE
     * /v2/{project_id}/workspaces`); the service follows it. Not counted in `jobsCreated`.
     */
    startServiceJob(projectId: string, jobType: "applyWorkspace" | "cancelWorkspace"): StoredJob {
        return this.start(projectId, jobType);
    }

    private start(projectId: string, jobType: string, outcome?: RetryOutcome): StoredJob {
        const job: StoredJob = {
            id: randomUUID(),
            projectId,
            jobType,
            beginMs: this.clock.nowMs(),
            outcome: outcome ?? this.timing.outcome,
            initMs: this.timing.initMs,
            runMs: this.timing.runMs,
            subJobCount: this.timing.subJobCount,
        };
        this.jobs.set(job.id, job);
        if (SERVICE_JOB_TYPES.has(jobType)) this.services.follow(projectId, job.id);
        return job;
    }

    /** The project's Workspace service as `GET /v2/{project_id}/workspaces` shows it now. */
    serviceView(projectId: string): Record<string, unknown> {
        return this.services.view(projectId, (jobId) => {
            const job = this.find(projectId, jobId);
            return job && this.standing(job);
        });
    }

    /** Where a job stands for the service: a job that says SUCCESS succeeded, even with a failed sub job. */
    private standing(job: StoredJob): FollowedJob {
        const { subStatus, failReason } = this.progress(job, this.clock.nowMs());
        const standing =
            subStatus === "FAILED" ? "failed" : subStatus === "SUCCESS" || subStatus === "ONE_FAILED" ? "succeeded" : "running";
        return { jobType: job.jobType, standing, failReason };
    }

    /** The job as the API shows it now. */
    view(job: StoredJob): Record<string, unknown> {
        const now = this.clock.nowMs();
        const { status, subStatus, failReason, endMs } = this.progress(job, now);
        return {
            id: job.id,
            job_type: job.jobType,
            status,
            begin_time: new Date(job.beginMs).toISOString(),
            end_time: endMs === undefined ? "" : new Date(endMs).toISOString(),
            job_error_code: subStatus === "FAILED" ? "WKS.00010050" : "",
            fail_reason: subStatus === "FAILED" ? failReason : "",
            sub_jobs_total: job.subJobCount,
            sub_jobs: Array.from({ length: job.subJobCount }, (_, index) => {
                const failed = subStatus === "FAILED" || (subStatus === "ONE_FAILED" && index === 0);
                const plain = subStatus === "ONE_FAILED" ? "SUCCESS" : subStatus;
                return {
                    id: `${job.id}-sub-${index}`,
                    job_type: "createDesktop",
                    status: failed ? "FAILED" : plain,
                    error_code: failed ? "WKS.00010051" : "",
                    fail_reason: failed ? "Desktop creation failed: no capacity in the availability zone." : "",
                    process: plain === "SUCCESS" || failed ? 100 : plain === "RUNNING" ? 50 : 0,
                    entities: { desktop_name: `desktop-${index}` },
                };
            }),
        };
    }

    private progress(job: StoredJob, now: number): { status: string; subStatus: string; failReason: string; endMs?: number } {
        if (job.status !== undefined) {
            const status = job.status.toUpperCase();
            if (status === "FAILED" || status === "FAIL")
                return { status: job.status, subStatus: "FAILED", failReason: job.failReason ?? "", endMs: job.beginMs };
            if (status === "SUCCESS" || status === "COMPLETE")
                return { status: job.status, subStatus: "SUCCESS", failReason: "", endMs: job.beginMs };
            return { status: job.status, subStatus: status === "RUNNING" ? "RUNNING" : "WAITING", failReason: "" };
        }
        const elapsed = now - job.beginMs;
        const initMs = job.initMs ?? 0;
        const runMs = job.runMs ?? 0;
        if (elapsed < initMs) return { status: "INIT", subStatus: "WAITING", failReason: "" };
        if (elapsed < initMs + runMs) return { status: "RUNNING", subStatus: "RUNNING", failReason: "" };
        const endMs = job.beginMs + initMs + runMs;
        if (job.outcome === "FAILED")
            return { status: "FAILED", subStatus: "FAILED", failReason: "Retry failed again: quota exceeded.", endMs };
        if (job.outcome === "SUBJOB_FAILED") return { status: "SUCCESS", subStatus: "ONE_FAILED", failReason: "", endMs };
        return { status: "SUCCESS", subStatus: "SUCCESS", failReason: "", endMs };
    }
}
