/**
 * The errors a Workspace call can end with. Each sets `name`, so type guards work across
 * two copies of this package; none carries a credential: only the call and what the
 * server said. Messages have one short first line (what failed, and the HTTP status and
 * `error_code` when there was an answer) and then one labelled `key=value` detail per line.
 *
 * @packageDocumentation
 */
import type { FailureClass } from "./retry/classify";

/** How the attempts of a call went; attached to results and errors. */
export interface AttemptRecord {
    /** Requests sent, including the first. */
    attempts: number;
    /** Time spent waiting between attempts, in milliseconds. */
    totalDelayMs: number;
}

/** What every Workspace call error carries. */
export interface WorkspaceErrorDetails extends AttemptRecord {
    /** What the call was for, for the first line, e.g. `retry of job 6783cecb-...`. */
    operation: string;
    /** `GET` or `POST`: with `endpoint` and `path`, the `call=` detail line. */
    method: string;
    /** Base URL the call went to. */
    endpoint: string;
    /** Path and query of the call (project and job ids, never a credential). */
    path: string;
    /** How the last attempt failed, when the call failed on an attempt. */
    failure?: FailureClass;
    /** The underlying error, when there is one. */
    cause?: unknown;
}

/** Builds a message: the first line, then each defined detail as an indented `key=value` line. */
function message(firstLine: string, details: Array<[string, string | number | undefined]>): string {
    const lines = details.filter(([, value]) => value !== undefined && value !== "").map(([key, value]) => `    ${key}=${value}`);
    return [firstLine, ...lines].join("\n");
}

/** The detail lines every call error ends with. */
function callDetails(details: WorkspaceErrorDetails): Array<[string, string | number | undefined]> {
    return [
        ["call", `${details.method} ${details.endpoint}${details.path}`],
        ["attempts", details.attempts > 1 ? `${details.attempts} (waited ${details.totalDelayMs} ms between them)` : undefined],
    ];
}

/** Base of all errors raised by the Workspace client. */
export class WorkspaceError extends Error {
    /** Always `"WorkspaceError"`, so type guards work across copies of this package. */
    override name = "WorkspaceError";
    /** `GET` or `POST`. */
    readonly method: string;
    /** Base URL the call went to. */
    readonly endpoint: string;
    /** Path and query of the call: project and job ids, never a credential. */
    readonly path: string;
    /** Requests sent, the first included. */
    readonly attempts: number;
    /** Milliseconds spent waiting between attempts. */
    readonly totalDelayMs: number;
    /** How the last attempt failed. */
    readonly failure?: FailureClass;

    constructor(text: string, details: WorkspaceErrorDetails) {
        super(text, { cause: details.cause });
        this.failure = details.failure;
        this.method = details.method;
        this.endpoint = details.endpoint;
        this.path = details.path;
        this.attempts = details.attempts;
        this.totalDelayMs = details.totalDelayMs;
    }
}

/** What the server said in a non-2xx answer (or about an unusable 2xx body). */
export interface ApiErrorFields {
    /** HTTP status of the answer: a 2xx when its body was unusable. */
    status: number;
    /** Huawei `error_code`; empty when the body had none. */
    code: string;
    /** Huawei `error_msg`, or a description of the unusable body. */
    errorMessage: string;
    /** The `X-Request-Id` response header. */
    requestId?: string;
    /** Opaque `encoded_authorization_message` of a 403. */
    encodedAuthorizationMessage?: string;
    /** Seconds the server asked to wait (`Retry-After`). */
    retryAfterSeconds?: number;
    /** What to do about it, when known. */
    hint?: string;
    /** The `Location` header of a 3xx answer. */
    location?: string;
}

/** The server answered with a non-2xx status (or an unusable 2xx body). */
export class WorkspaceApiError extends WorkspaceError {
    /** Always `"WorkspaceApiError"`, so type guards work across copies of this package. */
    override name = "WorkspaceApiError";
    /** HTTP status of the answer: a 2xx when its body was unusable, a 3xx for a redirect not followed. */
    readonly status: number;
    /** Huawei `error_code`, e.g. `APIG.0301`, `WKS.00010032`; empty when the body had none. */
    readonly code: string;
    /** Huawei `error_msg`, or a description of the unusable body. */
    readonly errorMessage: string;
    /** The `X-Request-Id` response header, for Huawei support. */
    readonly requestId?: string;
    /** Opaque `encoded_authorization_message`, decoded with STS `decode-authorization-message`. */
    readonly encodedAuthorizationMessage?: string;
    /** Seconds the server asked to wait (`Retry-After`), when it said. */
    readonly retryAfterSeconds?: number;
    /** Where a 3xx answer pointed (`Location`); the redirect was not followed. */
    readonly location?: string;

    constructor(fields: ApiErrorFields, details: WorkspaceErrorDetails) {
        const redirect = fields.status >= 300 && fields.status < 400;
        super(
            message(
                `Workspace ${details.operation} failed: HTTP ${fields.status} ${redirect ? "redirect, not followed" : fields.code || "(no error_code)"}`,
                [
                    ["location", redirect ? (fields.location ?? "(none)") : undefined],
                    ["error_code", fields.code || "(none)"],
                    ["error_msg", JSON.stringify(fields.errorMessage)],
                    ["request_id", fields.requestId ?? "(none)"],
                    ["encoded_authorization_message", fields.encodedAuthorizationMessage],
                    ...callDetails(details),
                    ["hint", fields.hint],
                ],
            ),
            details,
        );
        this.location = fields.location;
        this.status = fields.status;
        this.code = fields.code;
        this.errorMessage = fields.errorMessage;
        this.requestId = fields.requestId;
        this.encodedAuthorizationMessage = fields.encodedAuthorizationMessage;
        this.retryAfterSeconds = fields.retryAfterSeconds;
    }
}

/** How a transport failure reads: its first line's summary, the proxy in use, a hint. */
export interface TransportFailureDetails {
    /** What happened, e.g. `network error ENOTFOUND (host name not found)`. */
    summary: string;
    /** Whether the connection to Workspace came up (false: provably never). */
    connected: boolean;
    /** The proxy in use, as `scheme://host:port` (never its credentials). */
    proxy?: string;
    /** What to do about it, when known. */
    hint?: string;
}

/** The detail lines of a transport failure. */
function transportDetails(details: WorkspaceErrorDetails, failure: TransportFailureDetails): Array<[string, string | number | undefined]> {
    return [["proxy", failure.proxy], ...callDetails(details), ["hint", failure.hint]];
}

/** The request failed on the network (refused, reset, DNS, TLS, a proxy) before a full answer arrived. */
export class WorkspaceNetworkError extends WorkspaceError {
    /** Always `"WorkspaceNetworkError"`, so type guards work across copies of this package. */
    override name = "WorkspaceNetworkError";
    /** Node error code, e.g. `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `SELF_SIGNED_CERT_IN_CHAIN`. */
    readonly errno: string;
    /** Whether the connection to Workspace came up (false: the request provably never reached it). */
    readonly connected: boolean;
    /** The proxy in use, when one was. */
    readonly proxy?: string;

    constructor(errno: string, details: WorkspaceErrorDetails, failure?: TransportFailureDetails) {
        const text = failure ?? { summary: `network error ${errno}`, connected: true };
        super(message(`Workspace ${details.operation} failed: ${text.summary}`, transportDetails(details, text)), details);
        this.errno = errno;
        this.connected = text.connected;
        this.proxy = text.proxy;
    }
}

/** No full answer arrived within the request timeout (or the connection never came up within it). */
export class WorkspaceTimeoutError extends WorkspaceError {
    /** Always `"WorkspaceTimeoutError"`, so type guards work across copies of this package. */
    override name = "WorkspaceTimeoutError";
    /** The timeout that ran out, in milliseconds. */
    readonly timeoutMs: number;
    /** Whether the connection came up before the deadline (false: never connected). */
    readonly connected: boolean;
    /** The proxy in use, when one was. */
    readonly proxy?: string;

    constructor(timeoutMs: number, details: WorkspaceErrorDetails, failure?: TransportFailureDetails) {
        const text = failure ?? { summary: `no answer within ${timeoutMs} ms`, connected: true };
        super(message(`Workspace ${details.operation} failed: ${text.summary}`, transportDetails(details, text)), details);
        this.timeoutMs = timeoutMs;
        this.connected = text.connected;
        this.proxy = text.proxy;
    }
}

/**
 * The first line of an error's message: what failed, without the labelled details below it.
 *
 * @param error - any error; its message may be one line or many
 */
export function firstLine(error: Error): string {
    return error.message.split("\n")[0];
}

/** The labelled detail lines of an error's message (all but the first line). */
function detailLines(error: Error): string[] {
    return error.message.split("\n").slice(1);
}

/**
 * The retry POST may or may not have started a new job: the request was sent, but its answer
 * was lost or proves nothing (a timeout, a reset, any 5xx but `APIG.0613`). It is not sent
 * again, because a second POST could start a second job.
 */
export class RetryOutcomeUnknownError extends WorkspaceError {
    /** Always `"RetryOutcomeUnknownError"`, so type guards work across copies of this package. */
    override name = "RetryOutcomeUnknownError";
    /** Id of the failed job whose retry may have started. */
    readonly jobId: string;

    constructor(jobId: string, projectId: string, cause: WorkspaceError) {
        super(
            [
                `Outcome unknown: the retry of job ${jobId} may have started a job (${firstLine(cause).replace(/^Workspace .* failed: /, "")}); not sent again.`,
                `    why_not_again=a second retry could start a second job`,
                `    check=the Workspace console's task list, or GET /v2/${projectId}/workspaces (its job_id is the newest registration or deregistration job)`,
                ...detailLines(cause),
            ].join("\n"),
            {
                operation: `retry of job ${jobId}`,
                method: cause.method,
                endpoint: cause.endpoint,
                path: cause.path,
                failure: cause.failure,
                attempts: cause.attempts,
                totalDelayMs: cause.totalDelayMs,
                cause,
            },
        );
        this.jobId = jobId;
    }
}

/**
 * The server accepted the retry POST (2xx) but its answer does not say which job it started
 * (not JSON, or no usable `job_id`). Not sent again: the job exists.
 */
export class RetryJobIdMissingError extends WorkspaceApiError {
    /** Always `"RetryJobIdMissingError"`, so type guards work across copies of this package. */
    override name = "RetryJobIdMissingError";
    /** Id of the failed job whose retry was accepted. */
    readonly jobId: string;

    constructor(jobId: string, fields: ApiErrorFields, details: WorkspaceErrorDetails) {
        super(fields, details);
        this.jobId = jobId;
    }
}

/**
 * Type guard that works across copies of this package (it checks `name`, not the prototype).
 *
 * @param error - anything thrown
 */
export function isWorkspaceApiError(error: unknown): error is WorkspaceApiError {
    return error instanceof Error && (error.name === "WorkspaceApiError" || error.name === "RetryJobIdMissingError");
}

/**
 * Whether a retry POST ended without saying whether (or which) job it started: an unknown
 * outcome, or an accepted retry without a usable `job_id`. Works across copies of this package.
 *
 * @param error - anything thrown by `retryJob`
 */
export function isLostRetryAnswer(error: unknown): error is RetryOutcomeUnknownError | RetryJobIdMissingError {
    return error instanceof Error && (error.name === "RetryOutcomeUnknownError" || error.name === "RetryJobIdMissingError");
}
