import * as http from "node:http";
import * as https from "node:https";

/** One HTTP request, fully built and signed. */
export interface HttpRequest {
    /** HTTP method. */
    method: "GET" | "POST";
    /** Absolute URL. */
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
    /** HTTP status. */
    status: number;
    /** Response headers, names lower-cased. */
    headers: Record<string, string>;
    /** Body as text; parsed by the caller, so an HTML error page cannot crash a parser here. */
    body: string;
}

/**
 * The exchange failed without a full answer. `connected` tells whether the request may
 * have reached the server: false only when its connection provably never came up.
 */
export class TransportError extends Error {
    /** Always `"TransportError"`. */
    override name = "TransportError";
    constructor(
        /** `timeout` when no full answer arrived in time, `network` otherwise. */
        readonly kind: "timeout" | "network",
        /** Node error code such as `ECONNREFUSED`, or `ETIMEDOUT`. */
        readonly errno: string,
        /** False only when the connection was never established (TCP, and TLS for https). */
        readonly connected: boolean,
        cause?: unknown,
    ) {
        super(`${kind} error ${errno}${connected ? "" : " (never connected)"}`, { cause });
    }
}

/** Sends one request; resolves with any answer, rejects only with a {@link TransportError}. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * A transport on Node's own `http` / `https`: nothing to load but what Node has already
 * loaded (an HTTP library costs the provider host a few hundred milliseconds at start).
 * GETs share keep-alive connection pools, so polls reuse a few connections; every POST gets
 * a connection of its own, and the transport records whether that connection came up (TCP
 * connect, and the TLS handshake for https), so a failure is known to have happened before
 * or after the request could reach the server: a stale keep-alive socket closed by the
 * server while idle can never pass for a lost answer. Every request has one hard deadline
 * covering connect, headers and body, which a trickling server cannot defeat. Redirects are
 * not followed.
 */
export function createHttpTransport(): HttpTransport {
    const pools = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
    return (request) =>
        new Promise<HttpResponse>((resolve, reject) => {
            const url = new URL(request.url);
            const secure = url.protocol === "https:";
            const pooled = request.method === "GET";
            // GETs on pooled sockets: whether one was connected is not tracked, so assume it was.
            let connected = pooled;
            let timedOut = false;
            const fail = (error: NodeJS.ErrnoException) =>
                reject(
                    timedOut
                        ? new TransportError("timeout", "ETIMEDOUT", connected, { code: "ETIMEDOUT", message: error.message })
                        : new TransportError("network", error.code ?? "EUNKNOWN", connected, { code: error.code, message: error.message }),
                );
            const options: http.RequestOptions = {
                method: request.method,
                headers: {
                    ...request.headers,
                    ...(request.body === undefined ? {} : { "Content-Length": Buffer.byteLength(request.body) }),
                },
                agent: pooled ? pools[secure ? "https:" : "http:"] : false,
            };
            const req = (secure ? https : http).request(url, options, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (chunk: Buffer) => chunks.push(chunk));
                res.on("error", fail);
                res.on("end", () => {
                    clearTimeout(deadline);
                    resolve({
                        status: res.statusCode ?? 0,
                        headers: lowerCaseHeaders(res.headers),
                        body: Buffer.concat(chunks).toString("utf8"),
                    });
                });
            });
            const deadline = setTimeout(() => {
                timedOut = true;
                req.destroy(Object.assign(new Error(`no full answer within ${request.timeoutMs} ms`), { code: "ETIMEDOUT" }));
            }, request.timeoutMs);
            req.on("socket", (socket) => {
                if (pooled) return;
                socket.once(secure ? "secureConnect" : "connect", () => {
                    connected = true;
                });
            });
            req.on("error", (error: NodeJS.ErrnoException) => {
                clearTimeout(deadline);
                fail(error);
            });
            req.end(request.body);
        });
}

function lowerCaseHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    return result;
}
