import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import axios, { AxiosError } from "axios";

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

/** Records whether a connection of an agent was ever established. */
interface ConnectionProbe {
    connected: boolean;
}

/**
 * An agent that opens a new connection for its one request and records whether it came
 * up: TCP connect for http, the finished TLS handshake for https. A POST sent on it can
 * tell "never reached the server" from "sent, answer lost", which a reused keep-alive
 * socket (closed by the server while idle) would blur.
 */
function freshConnectionAgent(secure: boolean, probe: ConnectionProbe): http.Agent {
    const agent = secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
    const base = (agent as unknown as { createConnection: (...args: unknown[]) => net.Socket }).createConnection.bind(agent);
    (agent as unknown as { createConnection: (...args: unknown[]) => net.Socket }).createConnection = (...args: unknown[]) => {
        const socket = base(...args);
        socket.once(secure ? "secureConnect" : "connect", () => {
            probe.connected = true;
        });
        return socket;
    };
    return agent;
}

/**
 * An axios-based transport. GETs share keep-alive connection pools, so polls reuse a few
 * connections; every POST gets a connection of its own, so a failure is known to have
 * happened before or after the request could reach the server. Every request has a hard
 * deadline covering connect, headers and body: axios' own `timeout` is a socket idle timer
 * that a trickling server can defeat.
 */
export function createAxiosTransport(): HttpTransport {
    const client = axios.create({
        httpAgent: new http.Agent({ keepAlive: true }),
        httpsAgent: new https.Agent({ keepAlive: true }),
        responseType: "text",
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        transitional: { clarifyTimeoutError: true },
    });
    return async (request) => {
        // GETs on pooled sockets: whether one was connected is not tracked, so assume it was.
        const probe: ConnectionProbe = { connected: request.method === "GET" };
        const fresh =
            request.method === "GET"
                ? {}
                : request.url.startsWith("https:")
                  ? { httpsAgent: freshConnectionAgent(true, probe) }
                  : { httpAgent: freshConnectionAgent(false, probe) };
        try {
            const response = await client.request<string>({
                method: request.method,
                url: request.url,
                headers: request.headers,
                data: request.body,
                timeout: request.timeoutMs,
                signal: AbortSignal.timeout(request.timeoutMs),
                ...fresh,
            });
            return {
                status: response.status,
                headers: lowerCaseHeaders(response.headers),
                body: typeof response.data === "string" ? response.data : "",
            };
        } catch (error) {
            throw toTransportError(error, probe.connected);
        }
    };
}

function lowerCaseHeaders(headers: object): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined && value !== null) {
            result[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
        }
    }
    return result;
}

function toTransportError(error: unknown, connected: boolean): TransportError {
    const code = (error as AxiosError)?.code ?? "";
    // Only code and message are kept: the axios error holds the request config, headers
    // (credentials) included, and would print them wherever the error is inspected.
    const cause = { code, message: (error as Error)?.message ?? String(error) };
    if (code === "ETIMEDOUT" || code === "ECONNABORTED" || code === "ERR_CANCELED") {
        return new TransportError("timeout", "ETIMEDOUT", connected, cause);
    }
    const causeCode = ((error as AxiosError)?.cause as NodeJS.ErrnoException | undefined)?.code;
    return new TransportError("network", causeCode ?? (code || "EUNKNOWN"), connected, cause);
}
