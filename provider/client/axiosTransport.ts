/**
 * The real transport, on axios: proxies from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`
 * (HTTPS tunnelled with CONNECT), compressed answers, and a cap on an answer's size, with
 * what the Workspace client needs on top:
 * - GETs share keep-alive connection pools; every POST gets agents of its own, so its
 *   connection is new and what happened to it is known (see ./connectionFacts);
 * - one hard deadline per request, covering connect, tunnel, TLS, headers and body, which a
 *   trickling server cannot defeat; its timer is always cleared;
 * - no redirects followed, no status rejected, the body handed over as text, exactly as sent
 *   (no JSON parsing, no re-serialising of the signed request body).
 *
 * axios is loaded on the first request, not when the provider loads: most provider calls
 * (check, diff) send nothing.
 *
 * @packageDocumentation
 */
import * as https from "node:https";
import type { AxiosInstance, AxiosResponse } from "axios";
import { MAX_RESPONSE_BYTES } from "./constants";
import { connectionFacts, TrackedHttpAgent } from "./connectionFacts";
import { HttpRequest, HttpResponse, HttpTransport, PROXY_REFUSED, RESPONSE_TOO_LARGE, TransportError } from "./http";

/** Pools for GETs, built on first use and kept for the life of the transport. */
interface Pools {
    http: TrackedHttpAgent;
    https: https.Agent;
}

/**
 * A transport on axios (see the module comment).
 *
 * @example
 * ```ts
 * const transport = createHttpTransport();
 * const answer = await transport({ method: "GET", url, headers, timeoutMs: 30_000 });
 * ```
 */
export function createHttpTransport(): HttpTransport {
    let client: Promise<AxiosInstance> | undefined;
    let pools: Pools | undefined;
    return async (request) => {
        client ??= loadClient();
        pools ??= { http: new TrackedHttpAgent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
        const own = request.method !== "GET";
        const agents = own ? { http: new TrackedHttpAgent(), https: new https.Agent() } : pools;
        return send(await client, request, agents);
    };
}

async function loadClient(): Promise<AxiosInstance> {
    const { default: axios } = await import("axios");
    return axios.create({
        maxRedirects: 0,
        validateStatus: () => true,
        responseType: "text",
        responseEncoding: "utf8",
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
        maxContentLength: MAX_RESPONSE_BYTES,
        decompress: true,
    });
}

async function send(client: AxiosInstance, request: HttpRequest, agents: Pools): Promise<HttpResponse> {
    const secure = request.url.startsWith("https:");
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        deadline.abort();
    }, request.timeoutMs);
    try {
        const response = await client.request<string>({
            method: request.method,
            url: request.url,
            headers: request.headers,
            data: request.body,
            httpAgent: agents.http,
            httpsAgent: agents.https,
            signal: deadline.signal,
        });
        return answerOf(response, secure);
    } catch (error) {
        if (error instanceof TransportError) throw error;
        throw failureOf(error, secure, timedOut);
    } finally {
        clearTimeout(timer);
    }
}

/** The answer, or the refusal of a proxy that axios hands over as if it were one. */
function answerOf(response: AxiosResponse<string>, secure: boolean): HttpResponse {
    const facts = connectionFacts(response.request, secure);
    // Over https only a verified TLS session can carry Workspace's answer; a 407 only ever comes from a proxy.
    if (!facts.connected || (facts.proxy !== undefined && response.status === 407)) {
        throw new TransportError("network", PROXY_REFUSED, { ...facts, connected: false, proxyStatus: response.status });
    }
    return { status: response.status, headers: lowerCaseHeaders(response.headers), body: String(response.data ?? "") };
}

/** A failed exchange as a {@link TransportError}. */
function failureOf(error: unknown, secure: boolean, timedOut: boolean): TransportError {
    const failure = error as { code?: string; message?: string; request?: unknown };
    const facts = connectionFacts(failure.request, secure);
    const cause = { code: failure.code, message: failure.message };
    if (timedOut) {
        return new TransportError("timeout", "ETIMEDOUT", facts, cause);
    }
    const errno = /maxContentLength/.test(failure.message ?? "") ? RESPONSE_TOO_LARGE : (failure.code ?? "EUNKNOWN");
    return new TransportError("network", errno, facts, cause);
}

function lowerCaseHeaders(headers: AxiosResponse["headers"]): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers ?? {})) {
        if (value !== undefined && value !== null) result[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    }
    return result;
}
