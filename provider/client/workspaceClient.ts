import { REQUEST_TIMEOUT_MS } from "./constants";
import {
    AttemptRecord,
    WorkspaceApiError,
    WorkspaceErrorDetails,
    WorkspaceError,
    RetryJobIdMissingError,
    RetryOutcomeUnknownError,
} from "./errors";
import { isUsableId } from "./ids";
import { sleep } from "./sleep";
import { JobDetails, parseJob } from "./jobs";
import { JobTimes, parseJobTimes } from "./jobTimes";
import { describeUnusableBody, parseJsonObject, requestIdOf } from "./responses";
import { outcomeUnknown } from "./retry/classify";
import { DEFAULT_RETRY_OPTIONS, RetryOptions } from "./retry/policy";
import { Answer, ApiCall, CallSettings, sendCall } from "./sendCall";
import { parseSubJobPage, SubJobPage, SubJobQuery, subJobQueryString } from "./subJobs";
import { parseWorkspaceService, WorkspaceService } from "./workspaceService";

/**
 * What a {@link WorkspaceClient} needs: where calls go and how they are signed and sent, as
 * every call shares them, and tuning with defaults; the seams (`transport`, `sleep`, `now`)
 * are for tests.
 */
export interface WorkspaceClientOptions extends Pick<CallSettings, "endpoint" | "projectId" | "signer" | "transport"> {
    /** Retry policy tuning; defaults from {@link DEFAULT_RETRY_OPTIONS}. */
    retry?: Partial<RetryOptions>;
    /** Deadline of one HTTP exchange, in milliseconds. @defaultValue 30000 */
    requestTimeoutMs?: number;
    /** Waits between attempts. @defaultValue a real timer */
    sleep?: (ms: number) => Promise<void>;
    /** Clock for signing and `Retry-After` dates. @defaultValue `new Date()` */
    now?: () => Date;
}

/** The new job a retry started. */
export interface RetryJobResult extends AttemptRecord {
    /** Id of the new job. */
    newJobId: string;
    /** Gateway request id of the accepted retry. */
    requestId?: string;
}

/**
 * The Workspace job API, one method per call. Every call goes through one retry policy:
 * GETs are retried on any transient failure; the retry POST only when the failure proves
 * the server did not process it (see `retry/classify.ts`).
 */
export class WorkspaceClient {
    private readonly callSettings: CallSettings;

    constructor(options: WorkspaceClientOptions) {
        this.callSettings = {
            endpoint: options.endpoint,
            projectId: options.projectId,
            signer: options.signer,
            transport: options.transport,
            timeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
            retry: { ...DEFAULT_RETRY_OPTIONS, ...options.retry },
            sleep: options.sleep ?? sleep,
            now: options.now ?? (() => new Date()),
        };
    }

    /** The project every call goes to. */
    get projectId(): string {
        return this.callSettings.projectId;
    }

    /**
     * Retries a failed job (`POST /v2/{project_id}/workspace-jobs/{job_id}/actions`,
     * `{"op_type":"retry"}`). At most once: when the outcome is unknown it throws a
     * {@link RetryOutcomeUnknownError} rather than sending again.
     *
     * @param jobId - the failed job
     */
    async retryJob(jobId: string): Promise<RetryJobResult> {
        const call: ApiCall = {
            operation: `retry of job ${jobId}`,
            method: "POST",
            path: `/v2/${this.callSettings.projectId}/workspace-jobs/${jobId}/actions`,
            body: JSON.stringify({ op_type: "retry" }),
            idempotent: false,
            permission: "workspace:jobs:retry",
        };
        let answer: Answer;
        try {
            answer = await sendCall(call, this.callSettings);
        } catch (error) {
            if (error instanceof WorkspaceError && error.failure && outcomeUnknown(error.failure)) {
                throw new RetryOutcomeUnknownError(jobId, this.callSettings.projectId, error);
            }
            throw error;
        }
        const newJobId = parseJsonObject(answer.response.body)?.job_id;
        if (!isUsableId(newJobId)) {
            const problem = parseJsonObject(answer.response.body)
                ? `the answer has no usable job_id (got ${JSON.stringify(newJobId ?? null)})`
                : describeUnusableBody(answer.response);
            throw new RetryJobIdMissingError(
                jobId,
                {
                    status: answer.response.status,
                    code: "",
                    errorMessage: problem,
                    requestId: requestIdOf(answer.response),
                    hint: "the server accepted the retry but did not say which job it started: the service's job_id or the task list names it",
                },
                this.callDetails(call, answer),
            );
        }
        return { newJobId, requestId: requestIdOf(answer.response), attempts: answer.attempts, totalDelayMs: answer.totalDelayMs };
    }

    /**
     * Reads a job (`GET /v2/{project_id}/workspace-jobs/{job_id}`), with its begin and end times.
     *
     * @param jobId - the job
     */
    async getJob(jobId: string): Promise<JobDetails & JobTimes & AttemptRecord> {
        const call: ApiCall = {
            operation: `read of job ${jobId}`,
            method: "GET",
            path: `/v2/${this.callSettings.projectId}/workspace-jobs/${jobId}`,
            idempotent: true,
            permission: "workspace:jobs:get",
        };
        const { json, answer } = await this.getJson(call);
        return { ...parseJob(json), ...parseJobTimes(json), attempts: answer.attempts, totalDelayMs: answer.totalDelayMs };
    }

    /**
     * Lists one page of sub jobs (`GET /v2/{project_id}/workspace-sub-jobs`), filtered as asked.
     *
     * @param query - filters, `limit` and `offset`
     */
    async listSubJobs(query: SubJobQuery): Promise<SubJobPage & AttemptRecord> {
        const call: ApiCall = {
            operation: "listing of sub jobs",
            method: "GET",
            path: `/v2/${this.callSettings.projectId}/workspace-sub-jobs${subJobQueryString(query)}`,
            idempotent: true,
            permission: "workspace:jobs:listSubJobs",
        };
        const { json, answer } = await this.getJson(call);
        const page = parseSubJobPage(json);
        if (typeof page === "string") {
            throw this.unusableAnswer(call, answer, page);
        }
        return { ...page, attempts: answer.attempts, totalDelayMs: answer.totalDelayMs };
    }

    /**
     * Reads the Workspace service's state (`GET /v2/{project_id}/workspaces`): its status and
     * the job that opens or closes it.
     */
    async getWorkspaceService(): Promise<WorkspaceService & AttemptRecord> {
        const call: ApiCall = {
            operation: "read of the Workspace service",
            method: "GET",
            path: `/v2/${this.callSettings.projectId}/workspaces`,
            idempotent: true,
            permission: "workspace:workspaces:list",
        };
        const { json, answer } = await this.getJson(call);
        return { ...parseWorkspaceService(json), attempts: answer.attempts, totalDelayMs: answer.totalDelayMs };
    }

    /** Sends a GET and parses its JSON object body; a body that is not one is an error. */
    private async getJson(call: ApiCall): Promise<{ json: Record<string, unknown>; answer: Answer }> {
        const answer = await sendCall(call, this.callSettings);
        const json = parseJsonObject(answer.response.body);
        if (!json) {
            throw this.unusableAnswer(call, answer, describeUnusableBody(answer.response));
        }
        return { json, answer };
    }

    /** A 2xx answer that cannot be used: its body is not what the call returns. */
    private unusableAnswer(call: ApiCall, answer: Answer, problem: string): WorkspaceApiError {
        return new WorkspaceApiError(
            { status: answer.response.status, code: "", errorMessage: problem, requestId: requestIdOf(answer.response) },
            this.callDetails(call, answer),
        );
    }

    /** What an error about an answered call says of the call. */
    private callDetails(call: ApiCall, answer: Answer): WorkspaceErrorDetails {
        return {
            operation: call.operation,
            method: call.method,
            endpoint: this.callSettings.endpoint,
            path: call.path,
            attempts: answer.attempts,
            totalDelayMs: answer.totalDelayMs,
        };
    }
}
