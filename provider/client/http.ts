/**
 * The HTTP seam of the Workspace client: one request in, one full answer (or a
 * {@link TransportError}) out. Tests replace it to count or script exchanges;
 * `createHttpTransport` (./axiosTransport) is the real one, on axios.
 *
 * @packageDocumentation
 */

/** One HTTP request, fully built and signed. */
export interface HttpRequest {
    /** `GET` for reads, `POST` for the retry: the only methods the client sends. */
    method: "GET" | "POST";
    /** Absolute URL, query included, exactly as it was signed. */
    url: string;
    /** Headers to send, signature included. */
    headers: Record<string, string>;
    /** Exact body text (the bytes that were signed). */
    body?: string;
    /** Longest time the whole exchange may take, in milliseconds. */
    timeoutMs: number;
}

/** A full HTTP answer, whatever its status. */
export interface HttpResponse {
    /** Any status: the transport rejects none and follows no redirect; the client decides. */
    status: number;
    /** Response headers, names lower-cased. */
    headers: Record<string, string>;
    /** Body as text; parsed by the caller, so an HTML error page cannot crash a parser here. */
    body: string;
}

/** What a transport knows about how a failed exchange went. */
export interface TransportFacts {
    /** False only when the connection to Workspace provably never came up (see {@link TransportError}). */
    connected: boolean;
    /** The proxy the request went through, as `scheme://host:port` (never its credentials). */
    proxy?: string;
    /** The HTTP status with which the proxy refused to open a tunnel, when it did. */
    proxyStatus?: number;
}

/**
 * The exchange failed without a full answer from Workspace. `connected` tells whether the
 * request may have reached it: false only when its connection provably never came up (the
 * TCP connection to the first hop, a proxy's tunnel, or the TLS handshake with Workspace).
 */
export class TransportError extends Error {
    /** `"TransportError"`, for stack traces and logs (the client tells it apart with `instanceof`). */
    override name = "TransportError";
    /** False only when the connection was never established. */
    readonly connected: boolean;
    /** The proxy in use, as `scheme://host:port`, when one was. */
    readonly proxy?: string;
    /** The status with which the proxy refused the tunnel, when it did. */
    readonly proxyStatus?: number;

    constructor(
        /** `timeout` when no full answer arrived in time, `network` otherwise. */
        readonly kind: "timeout" | "network",
        /** Node error code such as `ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, or `ETIMEDOUT`. */
        readonly errno: string,
        facts: TransportFacts,
        cause?: unknown,
    ) {
        super(`${kind} error ${errno}${facts.connected ? "" : " (never connected)"}`, { cause });
        this.connected = facts.connected;
        this.proxy = facts.proxy;
        this.proxyStatus = facts.proxyStatus;
    }
}

/** The error code of an answer larger than the transport accepts. */
export const RESPONSE_TOO_LARGE = "ERR_RESPONSE_TOO_LARGE";

/** The error code of a proxy that refused to open a tunnel (its status is in `proxyStatus`). */
export const PROXY_REFUSED = "ERR_PROXY_REFUSED";

/** Sends one request; resolves with any answer, rejects only with a {@link TransportError}. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;
