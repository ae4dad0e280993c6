/**
 * What kind of failure an attempt ended with. Pure: decided from the HTTP status and
 * `error_code`, or from the transport's facts, so the policy never looks at raw errors.
 *
 * Not processed (safe to send again, even the retry POST):
 * - `throttling`: 429; the gateway refused before the backend saw the request.
 * - `stopped-at-gateway`: a 5xx whose `error_code` says the gateway stopped it before the
 *   backend (`APIG.0613`, IAM unavailable).
 * - `unreachable`: the connection was never established (refused, DNS, TLS handshake, or a
 *   deadline that ran out while connecting); not one byte of the request was sent.
 *
 * Outcome unknown for the retry POST (GETs may send again):
 * - `unavailable`: 502/503/504 from the gateway; the backend may have started the job and
 *   not answered in time.
 * - `server`: another 5xx (e.g. 500); the backend may have acted.
 * - `timeout`: the request was sent but no full answer came in time.
 * - `connection-lost`: the connection broke after the request was sent.
 *
 * Never sent again:
 * - `client`: a 4xx; sending the same request again cannot help.
 * - `unknown`: anything else; GETs are not repeated, so bugs are not hidden behind
 *   retries, and a POST that may have been processed is reported as outcome unknown.
 */
export type FailureClass =
    "throttling" | "stopped-at-gateway" | "unreachable" | "unavailable" | "server" | "timeout" | "connection-lost" | "client" | "unknown";

/** Gateway error codes that prove the request stopped at the gateway (docs/workspace-api.md). */
const STOPPED_AT_GATEWAY_CODES = new Set(["APIG.0613"]);

/** Node error codes meaning the connection was never established, so no request was sent. */
const NEVER_SENT_ERRNOS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** Node error codes meaning an established connection broke. */
const CONNECTION_LOST_ERRNOS = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE", "ERR_BAD_RESPONSE"]);

/**
 * What went wrong with one attempt, as seen by the client: a non-2xx answer, or a
 * transport failure. `connected` is false only when the transport knows that the
 * connection of this request was never established; `true` when it was or may have been.
 */
export type AttemptFailure = { status: number; errorCode?: string } | { errno: string; timedOut: boolean; connected: boolean };

/**
 * Classifies one failed attempt.
 *
 * @param failure - the answer's status and `error_code`, or the transport's facts
 */
export function classify(failure: AttemptFailure): FailureClass {
    if ("status" in failure) {
        const { status } = failure;
        if (status === 429) return "throttling";
        if (status >= 500 && STOPPED_AT_GATEWAY_CODES.has(failure.errorCode ?? "")) return "stopped-at-gateway";
        if (status === 502 || status === 503 || status === 504) return "unavailable";
        if (status >= 500) return "server";
        if (status >= 400) return "client";
        return "unknown";
    }
    if (!failure.connected || NEVER_SENT_ERRNOS.has(failure.errno)) return "unreachable";
    if (failure.timedOut) return "timeout";
    if (CONNECTION_LOST_ERRNOS.has(failure.errno) || failure.errno.startsWith("HPE_")) return "connection-lost";
    return "unknown";
}

/** Classes that prove the request was not processed: resending is safe even for the retry POST. */
export const NOT_PROCESSED: ReadonlySet<FailureClass> = new Set<FailureClass>(["throttling", "stopped-at-gateway", "unreachable"]);

/** Classes after which an idempotent request (a GET) may be sent again. */
export const RETRYABLE_WHEN_IDEMPOTENT: ReadonlySet<FailureClass> = new Set<FailureClass>([
    ...NOT_PROCESSED,
    "unavailable",
    "server",
    "timeout",
    "connection-lost",
]);

/**
 * Whether a failed non-idempotent request may have taken effect: every failure after the
 * request was written, i.e. all but the not-processed classes and a 4xx answer.
 *
 * @param failure - how the attempt failed
 */
export function outcomeUnknown(failure: FailureClass): boolean {
    return !NOT_PROCESSED.has(failure) && failure !== "client";
}
