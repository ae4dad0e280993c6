/** One request the emulator received, without its secrets. */
export interface LoggedRequest {
    /** Order of arrival, from 1. */
    seq: number;
    /** Wall-clock time of arrival, ISO-8601. */
    at: string;
    /** HTTP method. */
    method: string;
    /** Path and query as received. */
    url: string;
    /**
     * Which route matched: `retry`, `getJob`, `listSubJobs`, `getWorkspaces`, `openWorkspace`,
     * `closeWorkspace`, `control` or `unknown`.
     */
    route: string;
    /** Headers as received, minus credentials (`authorization`, `x-auth-token`, `x-security-token`). */
    headers: Record<string, string>;
    /** Body text. */
    body: string;
    /** Who it authenticated as (`token`, `aksk:<AK>`), or empty. */
    auth: string;
    /** Status answered; 0 when the connection was dropped. */
    status: number;
    /** The client's port: tells which requests shared a (keep-alive) connection. */
    remotePort: number;
}

const SECRET_HEADERS = new Set(["authorization", "x-auth-token", "x-security-token"]);

/**
 * Headers safe to keep in the log: credentials are replaced by a marker that says only
 * that they were present.
 *
 * @param headers - node's lower-cased incoming headers
 */
export function loggableHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value === undefined) continue;
        result[name] = SECRET_HEADERS.has(name) ? "(present)" : Array.isArray(value) ? value.join(", ") : value;
    }
    return result;
}
