import { REQUEST_TIMEOUT_MS } from "./constants";
import {
    AttemptRecord,
    WorkspaceApiError,
    WorkspaceErrorDetails,
    WorkspaceError,
    WorkspaceNetworkError,
    WorkspaceTimeoutError,
    RetryJobIdMissingError,
    RetryOutcomeUnknownError,
} from "./errors";
import { hintFor } from "./hints";
import { isUsableId } from "./ids";
import { sleep } from "./sleep";
import { HttpResponse, HttpTransport, TransportError } from "./http";
import { JobDetails, parseJob } from "./jobs";
import { JobTimes, parseJobTimes } from "./jobTimes";
import { describeUnusableBody, ErrorBody, parseErrorBody, parseJsonObject, requestIdOf } from "./responses";
import { AttemptFailure, classify, outcomeUnknown } from "./retry/classify";
import { decideRetry, DEFAULT_RETRY_OPTIONS, parseRetryAfter, RetryOptions } from "./retry/policy";
import type { Signer } from "./signing";
import { parseSubJobPage, SubJobPage, SubJobQuery, subJobQueryString } from "./subJobs";
import { parseWorkspaceService, WorkspaceService } from "./workspaceService";
import { describeTransportFailure } from "./transportHints";

/** What a {@link WorkspaceClient} needs; the seams (`transport`, `sleep`, `now`) are for tests. */
export interface WorkspaceClientOptions {
    /** Base URL without trailing slash. */
    endpoint: string;
    /** Project id that goes into every path. */
    projectId: string;
    /** Adds authentication headers. */
    signer: Signer;
    /** Sends requests. */
    transport: HttpTransport;
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

interface Sent extends AttemptRecord {
    response: HttpResponse;
}

interface CallSpec {
    /** For error messages, e.g. `retry of job X`. */
    operation: string;
    method: "GET" | "POST";
    path: string;
    body?: string;
    idempotent: boolean;
    permission: string;
}

const NO_BODY: ErrorBody = { code: "", errorMessage: "" };

/**
 * The Workspace job API, one method per call. Every call goes through one retry policy:
 * GETs are retried on any transient failure; the retry POST only when the failure proves
 * the server did not process it (see {@link classify}).
 */
export class WorkspaceClient {
    private readonly retry: RetryOptions;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly now: () => Date;

    constructor(private readonly options: WorkspaceClientOptions) {
        this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
        this.sleep = options.sleep ?? sleep;
        this.now = options.now ?? (() => new Date());
    }

    /** The project every call goes to. */
    get projectId(): string {
        return this.options.projectId;
    }

    /**
     * Retries a failed job (`POST /v2/{project_id}/workspace-jobs/{job_id}/actions`,
     * `{"op_type":"retry"}`). At most once: when the outcome is unknown it throws a
     * {@link RetryOutcomeUnknownError} rather than sending again.
     *
     * @param jobId - the failed job
     */
    async retryJob(jobId: string): Promise<RetryJobResult> {
        const spec: CallSpec = {
            operation: `retry of job ${jobId}`,
            method: "POST",
            path: `/v2/${this.options.projectId}/workspace-jobs/${jobId}/actions`,
            body: JSON.stringify({ op_type: "retry" }),
            idempotent: false,
            permission: "workspace:jobs:retry",
        };
        let sent: Sent;
        try {
            sent = await this.send(spec);
        } catch (error) {
            if (error instanceof WorkspaceError && error.failure && outcomeUnknown(error.failure)) {
                throw new RetryOutcomeUnknownError(jobId, this.options.projectId, error);
            }
            throw error;
        }
        const newJobId = parseJsonObject(sent.response.body)?.job_id;
        if (!isUsableId(newJobId)) {
            const problem = parseJsonObject(sent.response.body)
                ? `the answer has no usable job_id (got ${JSON.stringify(newJobId ?? null)})`
                : describeUnusableBody(sent.response);
            throw new RetryJobIdMissingError(
                jobId,
                {
                    status: sent.response.status,
                    code: "",
                    errorMessage: problem,
                    requestId: requestIdOf(sent.response),
                    hint: "the server accepted the retry but did not say which job it started: the service's job_id or the task list names it",
                },
                this.callDetails(spec, sent),
            );
        }
        return { newJobId, requestId: requestIdOf(sent.response), attempts: sent.attempts, totalDelayMs: sent.totalDelayMs };
    }

    /**
     * Reads a job (`GET /v2/{project_id}/workspace-jobs/{job_id}`), with its begin and end times.
     *
     * @param jobId - the job
     */
    async getJob(jobId: string): Promise<JobDetails & JobTimes & AttemptRecord> {
        const spec: CallSpec = {
            operation: `read of job ${jobId}`,
            method: "GET",
            path: `/v2/${this.options.projectId}/workspace-jobs/${jobId}`,
            idempotent: true,
            permission: "workspace:jobs:get",
        };
        const { json, sent } = await this.getJson(spec);
        return { ...parseJob(json), ...parseJobTimes(json), attempts: sent.attempts, totalDelayMs: sent.totalDelayMs };
    }

    /**
     * Lists one page of sub jobs (`GET /v2/{project_id}/workspace-sub-jobs`), filtered as asked.
     *
     * @param query - filters, `limit` and `offset`
     */
    async listSubJobs(query: SubJobQuery): Promise<SubJobPage & AttemptRecord> {
        const spec: CallSpec = {
            operation: "listing of sub jobs",
            method: "GET",
            path: `/v2/${this.options.projectId}/workspace-sub-jobs${subJobQueryString(query)}`,
            idempotent: true,
            permission: "workspace:jobs:listSubJobs",
        };
        const { json, sent } = await this.getJson(spec);
        const page = parseSubJobPage(json);
        if (typeof page === "string") {
            throw this.unusableAnswer(spec, sent, page);
        }
        return { ...page, attempts: sent.attempts, totalDelayMs: sent.totalDelayMs };
    }

    /**
     * Reads the Workspace service's state (`GET /v2/{project_id}/workspaces`): its status and
     * the job that opens or closes it.
     */
    async getWorkspaceService(): Promise<WorkspaceService & AttemptRecord> {
        const spec: CallSpec = {
            operation: "read of the Workspace service",
            method: "GET",
            path: `/v2/${this.options.projectId}/workspaces`,
            idempotent: true,
            permission: "workspace:workspaces:list",
        };
        const { json, sent } = await this.getJson(spec);
        return { ...parseWorkspaceService(json), attempts: sent.attempts, totalDelayMs: sent.totalDelayMs };
    }

    /** Sends a GET and parses its JSON object body; a body that is not one is an error. */
    private async getJson(spec: CallSpec): Promise<{ json: Record<string, unknown>; sent: Sent }> {
        const sent = await this.send(spec);
        const json = parseJsonObject(sent.response.body);
        if (!json) {
            throw this.unusableAnswer(spec, sent, describeUnusableBody(sent.response));
        }
        return { json, sent };
    }

    /** A 2xx answer that cannot be used: its body is not what the call returns. */
    private unusableAnswer(spec: CallSpec, sent: Sent, problem: string): WorkspaceApiError {
        return new WorkspaceApiError(
            { status: sent.response.status, code: "", errorMessage: problem, requestId: requestIdOf(sent.response) },
            this.callDetails(spec, sent),
        );
    }

    /** What an error about an answered call says of the call. */
    private callDetails(spec: CallSpec, sent: Sent): WorkspaceErrorDetails {
        return {
            operation: spec.operation,
            method: spec.method,
            endpoint: this.options.endpoint,
            path: spec.path,
            attempts: sent.attempts,
            totalDelayMs: sent.totalDelayMs,
        };
    }

    private async send(spec: CallSpec): Promise<Sent> {
        const timeoutMs = this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
        const startedMs = this.now().getTime();
        let retriesDone = 0;
        let delayedMs = 0;
        for (;;) {
            const attempt = await this.attempt(spec, timeoutMs);
            const record = { attempts: retriesDone + 1, totalDelayMs: delayedMs };
            if ("response" in attempt && attempt.response.status >= 200 && attempt.response.status < 300) {
                return { response: attempt.response, ...record };
            }
            // Parsed before classifying: a gateway's error_code can prove the request stopped there.
            const body = "response" in attempt ? parseErrorBody(attempt.response) : NO_BODY;
            const failure: AttemptFailure =
                "response" in attempt
                    ? { status: attempt.response.status, errorCode: body.code }
                    : {
                          errno: attempt.error.errno,
                          timedOut: attempt.error.kind === "timeout",
                          connected: attempt.error.connected,
                          proxyStatus: attempt.error.proxyStatus,
                      };
            const failureClass = classify(failure);
            const retryAfterSeconds =
                "response" in attempt ? parseRetryAfter(attempt.response.headers["retry-after"], this.now()) : undefined;
            const decision = decideRetry(
                {
                    failure: failureClass,
                    idempotent: spec.idempotent,
                    retriesDone,
                    delayedMs,
                    // A seam clock that stands still still counts the waits.
                    elapsedMs: Math.max(delayedMs, this.now().getTime() - startedMs),
                    timeoutMs,
                    retryAfterSeconds,
                },
                this.retry,
            );
            if (!decision.retry) {
                const details = {
                    operation: spec.operation,
                    method: spec.method,
                    endpoint: this.options.endpoint,
                    path: spec.path,
                    failure: failureClass,
                    ...record,
                };
                if ("error" in attempt) {
                    const error = attempt.error;
                    const text = describeTransportFailure(error, this.options.endpoint.startsWith("https:"), timeoutMs);
                    const failure = { ...text, connected: error.connected, proxy: error.proxy };
                    throw error.kind === "timeout"
                        ? new WorkspaceTimeoutError(timeoutMs, { ...details, cause: error }, failure)
                        : new WorkspaceNetworkError(error.errno, { ...details, cause: error }, failure);
                }
                throw new WorkspaceApiError(
                    {
                        status: attempt.response.status,
                        ...body,
                        requestId: requestIdOf(attempt.response),
                        retryAfterSeconds,
                        hint: hintFor(attempt.response.status, body.code, spec.permission),
                        location: attempt.response.headers.location,
                    },
                    details,
                );
            }
            await this.sleep(decision.delayMs);
            delayedMs += decision.delayMs;
            retriesDone += 1;
        }
    }

    private async attempt(spec: CallSpec, timeoutMs: number): Promise<{ response: HttpResponse } | { error: TransportError }> {
        const url = `${this.options.endpoint}${spec.path}`;
        const headers: Record<string, string> = { "Content-Type": "application/json", "X-Project-Id": this.options.projectId };
        const body = spec.body ?? "";
        // Signed per attempt: an AK/SK signature carries its time and expires with it.
        Object.assign(headers, this.options.signer.sign({ method: spec.method, url, headers: { ...headers }, body }, this.now()));
        try {
            return { response: await this.options.transport({ method: spec.method, url, headers, body: spec.body, timeoutMs }) };
        } catch (error) {
            if (error instanceof TransportError) {
                return { error };
            }
            throw error;
        }
    }
}
