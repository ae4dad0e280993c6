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
 * Never sent again, and known not to have been processed:
 * - `client`: a 4xx; sending the same request again cannot help.
 * - `redirect`: a 3xx; the gateway pointed elsewhere instead of processing the request, and
 *   redirects are not followed (the endpoint is wrong).
 * - `untrusted-certificate`: the TLS handshake failed on the server's certificate (a private
 *   CA or a TLS-inspecting proxy that this machine does not trust, a certificate for another
 *   host, an expired one); no byte of the request was sent, and sending again cannot help.
 * - `proxy-refused`: the proxy refused the CONNECT (or asked for credentials) with a 4xx; the
 *   request never left for Workspace. A proxy's 5xx (it could not reach Workspace) is
 *   `unreachable` instead: worth another try.
 *
 * Never sent again:
 * - `unknown`: anything else; GETs are not repeated, so bugs are not hidden behind
 *   retries, and a POST that may have been processed is reported as outcome unknown.
 */
export type FailureClass =
    | "throttling"
    | "stopped-at-gateway"
    | "unreachable"
    | "unavailable"
    | "server"
    | "timeout"
    | "connection-lost"
    | "client"
    | "redirect"
    | "untrusted-certificate"
    | "proxy-refused"
    | "unknown";

/** Gateway error codes that prove the request stopped at the gateway (docs/workspace-api.md). */
const STOPPED_AT_GATEWAY_CODES = new Set(["APIG.0613"]);

/** Node error codes meaning the connection was never established, so no request was sent. */
const NEVER_SENT_ERRNOS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** Node error codes meaning an established connection broke. */
const CONNECTION_LOST_ERRNOS = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE", "ERR_BAD_RESPONSE"]);

/** Node error codes of a server certificate that this machine does not accept. */
const CERTIFICATE_ERRNOS = new Set([
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "CERT_UNTRUSTED",
    "CERT_REJECTED",
    "CERT_REVOKED",
    "CERT_SIGNATURE_FAILURE",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "ERR_TLS_CERT_ALTNAME_FORMAT",
    "HOSTNAME_MISMATCH",
]);

/**
 * Whether a Node error code says the server's certificate was not accepted.
 *
 * @param errno - e.g. `SELF_SIGNED_CERT_IN_CHAIN`
 */
export function isCertificateError(errno: string): boolean {
    return CERTIFICATE_ERRNOS.has(errno);
}

/**
 * What went wrong with one attempt, as seen by the client: a non-2xx answer, or a
 * transport failure. `connected` is false only when the transport knows that the
 * connection of this request was never established; `true` when it was or may have been.
 * `proxyStatus` is the status with which a proxy refused to open a tunnel.
 */
export type AttemptFailure =
    { status: number; errorCode?: string } | { errno: string; timedOut: boolean; connected: boolean; proxyStatus?: number };

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
        if (status >= 300) return "redirect";
        return "unknown";
    }
    if (isCertificateError(failure.errno)) return "untrusted-certificate";
    if (failure.proxyStatus !== undefined && failure.proxyStatus < 500) return "proxy-refused";
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

/** Classes that prove the request was not processed but that sending again cannot mend. */
const NOT_PROCESSED_FOR_GOOD: ReadonlySet<FailureClass> = new Set<FailureClass>([
    "client",
    "redirect",
    "untrusted-certificate",
    "proxy-refused",
]);

/**
 * Whether a failed non-idempotent request may have taken effect: every failure after the
 * request was written, i.e. all but the not-processed classes, a 4xx or 3xx answer, an
 * untrusted certificate and a proxy's refusal.
 *
 * @param failure - how the attempt failed
 */
export function outcomeUnknown(failure: FailureClass): boolean {
    return !NOT_PROCESSED.has(failure) && !NOT_PROCESSED_FOR_GOOD.has(failure);
}
