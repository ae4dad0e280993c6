import { request as httpRequest } from "node:http";

/** What one raw HTTP exchange returned. */
export interface Answer {
    /** HTTP status; 0 when the connection broke without an answer. */
    status: number;
    /** Response headers. */
    headers: Record<string, string | string[] | undefined>;
    /** Body text. */
    body: string;
    /** The parsed body, or `undefined` when it is not JSON. */
    json: any;
    /** Node error code when the connection broke without an answer. */
    error?: string;
    /** Time the exchange took, in milliseconds. */
    elapsedMs: number;
}

/**
 * One real HTTP exchange on a fresh connection, with no client library in between: what a
 * server answers, byte for byte. A broken connection resolves with its error code.
 *
 * @param base - e.g. the emulator's URL
 * @param method - HTTP method
 * @param path - path and query
 * @param options - headers and body
 */
export function call(
    base: string,
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
    const started = Date.now();
    const broken = (error: NodeJS.ErrnoException): Answer => ({
        status: 0,
        headers: {},
        body: "",
        json: undefined,
        error: error.code ?? "ERROR",
        elapsedMs: Date.now() - started,
    });
    return new Promise((resolve) => {
        const req = httpRequest(`${base}${path}`, { method, headers: options.headers, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
                const body = Buffer.concat(chunks).toString("utf8");
                let json: unknown;
                try {
                    json = JSON.parse(body);
                } catch {
                    json = undefined;
                }
                resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json, elapsedMs: Date.now() - started });
            });
            res.on("error", (error: NodeJS.ErrnoException) => resolve(broken(error)));
        });
        req.on("error", (error: NodeJS.ErrnoException) => resolve(broken(error)));
        req.end(options.body);
    });
}
