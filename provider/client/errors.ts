/**
 * The errors a Workspace call can end with. Each sets `name`, so type guards work across
 * two copies of this package; none carries a credential: only method, path and what the
 * server said.
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
    /** HTTP method of the call. */
    method: string;
    /** Path of the call (project and job ids, never a credential). */
    path: string;
    /** Whether sending the request again could succeed (used by the retry policy). */
    retryable: boolean;
    /** How the last attempt failed, when the call failed on an attempt. */
    failure?: FailureClass;
    /** The underlying error, when there is one. */
    cause?: unknown;
}

/** Base of all errors raised by the Workspace client. */
export class WorkspaceError extends Error {
    /** Always `"WorkspaceError"`, so type guards work across copies of this package. */
    override name = "WorkspaceError";
    /** HTTP method of the call. */
    readonly method: string;
    /** Path of the call. */
    readonly path: string;
    /** Whether a retry of the same request could succeed. */
    readonly retryable: boolean;
    /** Requests sent. */
    attempts: number;
    /** Milliseconds spent waiting between attempts. */
    totalDelayMs: number;
    /** How the last attempt failed. */
    readonly failure?: FailureClass;

    constructor(message: string, details: WorkspaceErrorDetails) {
        super(message, { cause: details.cause });
        this.failure = details.failure;
        this.method = details.method;
        this.path = details.path;
        this.retryable = details.retryable;
        this.attempts = details.attempts;
        this.totalDelayMs = details.totalDelayMs;
    }
}

/** The server answered with a non-2xx status (or an unusable 2xx body). */
export class WorkspaceApiError extends WorkspaceError {
    /** Always `"WorkspaceApiError"`, so type guards work across copies of this package. */
    override name = "WorkspaceApiError";
    /** HTTP status. */
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

    constructor(
        fields: {
            status: number;
            code: string;
            errorMessage: string;
            requestId?: string;
            encodedAuthorizationMessage?: string;
            retryAfterSeconds?: number;
            hint?: string;
        },
        details: WorkspaceErrorDetails,
    ) {
        super(formatApiError(details, fields), details);
        this.status = fields.status;
        this.code = fields.code;
        this.errorMessage = fields.errorMessage;
        this.requestId = fields.requestId;
        this.encodedAuthorizationMessage = fields.encodedAuthorizationMessage;
        this.retryAfterSeconds = fields.retryAfterSeconds;
    }
}

function formatApiError(
    details: WorkspaceErrorDetails,
    fields: { status: number; code: string; errorMessage: string; requestId?: string; encodedAuthorizationMessage?: string; hint?: string },
): string {
    const parts = [`${details.method} ${details.path} failed: HTTP ${fields.status}`];
    parts.push(`error_code=${fields.code || "(none)"}`);
    parts.push(`error_msg=${JSON.stringify(fields.errorMessage)}`);
    parts.push(`request_id=${fields.requestId ?? "(none)"}`);
    if (fields.encodedAuthorizationMessage) {
        parts.push(`encoded_authorization_message=${fields.encodedAuthorizationMessage}`);
    }
    if (details.attempts > 1) {
        parts.push(`after ${details.attempts} attempts`);
    }
    const line = parts.join(", ");
    return fields.hint ? `${line}. Hint: ${fields.hint}` : line;
}

/** The request failed on the network (refused, reset, DNS) before a full answer arrived. */
export class WorkspaceNetworkError extends WorkspaceError {
    /** Always `"WorkspaceNetworkError"`, so type guards work across copies of this package. */
    override name = "WorkspaceNetworkError";
    /** Node error code, e.g. `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`. */
    readonly errno: string;

    constructor(errno: string, details: WorkspaceErrorDetails) {
        super(
            `${details.method} ${details.path} failed: network error ${errno}${details.attempts > 1 ? `, after ${details.attempts} attempts` : ""}`,
            details,
        );
        this.errno = errno;
    }
}

/** No full answer arrived within the request timeout. */
export class WorkspaceTimeoutError extends WorkspaceError {
    /** Always `"WorkspaceTimeoutError"`, so type guards work across copies of this package. */
    override name = "WorkspaceTimeoutError";
    /** The timeout that ran out, in milliseconds. */
    readonly timeoutMs: number;

    constructor(timeoutMs: number, details: WorkspaceErrorDetails) {
        super(
            `${details.method} ${details.path} failed: no answer within ${timeoutMs} ms${details.attempts > 1 ? `, after ${details.attempts} attempts` : ""}`,
            details,
        );
        this.timeoutMs = timeoutMs;
    }
}

/**
 * The retry POST may or may not have started a new job: the request was sent, but its answer
 * was lost (timeout, reset, a 500). It is not resent, because a second POST could start a
 * second job.
 */
export class RetryOutcomeUnknownError extends WorkspaceError {
    /** Always `"RetryOutcomeUnknownError"`, so type guards work across copies of this package. */
    override name = "RetryOutcomeUnknownError";
    /** Id of the failed job whose retry may have started. */
    readonly jobId: string;

    constructor(jobId: string, projectId: string, cause: WorkspaceError) {
        super(
            `The retry of job ${jobId} may or may not have started a new job (${cause.message}). ` +
                `It was not sent again, because a second retry could start a second job. ` +
                `To check: look at the Workspace console's task list, or GET /v2/${projectId}/workspaces (its job_id is the newest registration or deregistration job). ` +
                `If no new job started, run "pulumi up" again: nothing was recorded, so it retries once. ` +
                `If one did, do not run "pulumi up" with this JobRetry unchanged: remove it from the program, or point jobId at the new job only if that one fails too.`,
            { method: cause.method, path: cause.path, retryable: false, attempts: cause.attempts, totalDelayMs: cause.totalDelayMs, cause },
        );
        this.jobId = jobId;
    }
}

/**
 * Type guard that works across copies of this package (it checks `name`, not the prototype).
 *
 * @param error - anything thrown
 */
export function isWorkspaceApiError(error: unknown): error is WorkspaceApiError {
    return error instanceof Error && error.name === "WorkspaceApiError";
}
