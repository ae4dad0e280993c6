/**
 * What kind of failure an attempt ended with. Pure: decided from the HTTP status or the
 * Node error code alone, so the policy never has to look at raw errors.
 *
 * - `throttling`: 429; the gateway refused before the backend saw the request.
 * - `unavailable`: 502/503/504 from the gateway; the backend did not process the request.
 * - `unreachable`: the connection was never made (refused, DNS); nothing was sent.
 * - `server`: another 5xx (e.g. 500); the backend may have acted.
 * - `timeout`: the request was sent but no full answer came in time; it may have acted.
 * - `connection-lost`: the connection broke after the request was sent; it may have acted.
 * - `client`: a 4xx; sending the same request again cannot help.
 * - `unknown`: anything else; never retried, so bugs are not hidden behind retries.
 */
export type FailureClass = "throttling" | "unavailable" | "unreachable" | "server" | "timeout" | "connection-lost" | "client" | "unknown";

/** Node error codes meaning the connection was never established, so no request was sent. */
const NEVER_SENT_ERRNOS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** Node error codes meaning an established connection broke. */
const CONNECTION_LOST_ERRNOS = new Set([
    "ECONNRESET",
    "EPIPE",
    "ECONNABORTED",
    "ERR_STREAM_PREMATURE_CLOSE",
    "ERR_BAD_RESPONSE",
    "HPE_INVALID_CONSTANT",
]);

/** What went wrong with one attempt, as seen by the client. */
export type AttemptFailure = { status: number } | { errno: string; timedOut: boolean };

/**
 * Classifies one failed attempt.
 *
 * @param failure - the HTTP status of a non-2xx answer, or the Node error code of a transport failure
 */
export function classify(failure: AttemptFailure): FailureClass {
    if ("status" in failure) {
        const { status } = failure;
        if (status === 429) return "throttling";
        if (status === 502 || status === 503 || status === 504) return "unavailable";
        if (status >= 500) return "server";
        if (status >= 400) return "client";
        return "unknown";
    }
    if (failure.timedOut) return "timeout";
    if (NEVER_SENT_ERRNOS.has(failure.errno)) return "unreachable";
    if (CONNECTION_LOST_ERRNOS.has(failure.errno) || failure.errno.startsWith("HPE_")) return "connection-lost";
    return "unknown";
}

/** Classes after which resending is safe even for a non-idempotent request: it was not processed. */
export const NOT_PROCESSED: ReadonlySet<FailureClass> = new Set<FailureClass>(["throttling", "unavailable", "unreachable"]);

/** Classes after which an idempotent request (a GET) may be sent again. */
export const RETRYABLE_WHEN_IDEMPOTENT: ReadonlySet<FailureClass> = new Set<FailureClass>([
    "throttling",
    "unavailable",
    "unreachable",
    "server",
    "timeout",
    "connection-lost",
]);

/** Classes after which a non-idempotent request may or may not have taken effect. */
export const OUTCOME_UNKNOWN: ReadonlySet<FailureClass> = new Set<FailureClass>(["server", "timeout", "connection-lost"]);
