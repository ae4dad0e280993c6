/**
 * The Workspace service of each project, as `GET /v2/{project_id}/workspaces` shows it: its
 * `status` follows the job that opens or closes it (its `job_id`), unless a test set it
 * directly.
 *
 * @packageDocumentation
 */

/** Where a job stands, as the service sees it. */
export type JobStanding = "running" | "succeeded" | "failed";

/** What the service follows of a job: its type and where it stands now. */
export interface FollowedJob {
    /** `applyWorkspace` or `cancelWorkspace`. */
    jobType: string;
    /** Where it stands now. */
    standing: JobStanding;
    /** Why it failed, when it did. */
    failReason: string;
}

/** A state set directly (control API, tests): shown as given until the next open or close job starts. */
export interface ServiceOverride {
    /** `status`, e.g. `SUBSCRIBED`. */
    status: string;
    /** `job_id`. @defaultValue "" */
    jobId?: string;
    /** `fail_reason`. @defaultValue "" */
    failReason?: string;
}

/** The service's status for a job of a type, by where the job stands. */
const STATUS_OF: Record<string, Record<JobStanding, string>> = {
    applyWorkspace: { running: "SUBSCRIBING", succeeded: "SUBSCRIBED", failed: "SUBSCRIPTION_FAILED" },
    cancelWorkspace: { running: "DEREGISTERING", succeeded: "CLOSED", failed: "DEREGISTRATION_FAILED" },
};

/** The job types that open or close the service. */
export const SERVICE_JOB_TYPES: ReadonlySet<string> = new Set(Object.keys(STATUS_OF));

type Entry = { follows: string } | ServiceOverride;

/**
 * Every project's service: the job it follows, or a state set directly. What seeding set is
 * kept apart, as the state {@link ServiceStates.restore} goes back to.
 */
export class ServiceStates {
    private entries = new Map<string, Entry>();
    private readonly seeded = new Map<string, Entry>();

    /**
     * The service now follows this job (it opens or closes the service): a seeded job (the
     * state a reset goes back to), a retry, or a job started by `POST` / `DELETE
     * /v2/{project_id}/workspaces`.
     */
    follow(projectId: string, jobId: string, seeded = false): void {
        this.entries.set(projectId, { follows: jobId });
        if (seeded) this.seeded.set(projectId, { follows: jobId });
    }

    /** Sets the state directly; it holds until the next open or close job starts, or a reset. */
    set(projectId: string, state: ServiceOverride): void {
        this.entries.set(projectId, { ...state });
    }

    /** Goes back to the states seeding set: every retry, open, close and direct setting since is undone. */
    restore(): void {
        this.entries = new Map(this.seeded);
    }

    /** Projects that have a service. */
    projects(): string[] {
        return [...this.entries.keys()];
    }

    /**
     * The service as the API shows it. A project whose service was never opened is `CLOSED`
     * with no job.
     *
     * @param projectId - the project
     * @param lookup - where a job stands now, by id (`undefined`: unknown job)
     */
    view(projectId: string, lookup: (jobId: string) => FollowedJob | undefined): Record<string, unknown> {
        const entry = this.entries.get(projectId);
        let status = "CLOSED";
        let jobId = "";
        let failReason = "";
        if (entry && "follows" in entry) {
            jobId = entry.follows;
            const job = lookup(jobId);
            if (job) {
                status = STATUS_OF[job.jobType][job.standing];
                failReason = job.standing === "failed" ? job.failReason : "";
            }
        } else if (entry) {
            ({ status, jobId = "", failReason = "" } = entry);
        }
        const open = status === "SUBSCRIBED";
        return {
            id: open || status.startsWith("DEREGISTRATION") ? `service-${projectId}` : "",
            status,
            access_status: open ? "ACTIVE" : "",
            config_status: "",
            closable: open || status === "SUBSCRIPTION_FAILED" || status === "DEREGISTRATION_FAILED",
            progress:
                status === "SUBSCRIBING" || status === "DEREGISTERING"
                    ? "40%"
                    : status === "SUBSCRIBED" || status === "CLOSED"
                      ? "100%"
                      : "",
            job_id: jobId,
            fail_code: failReason ? 1 : 0,
            fail_reason: failReason,
            access_mode: "INTERNET",
            ad_domains: {},
            enterprise_id: "",
            is_send_email: false,
        };
    }
}
