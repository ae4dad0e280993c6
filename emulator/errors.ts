import type { IncomingHttpHeaders, ServerResponse } from "node:http";

/** Error codes the emulator answers with, in Huawei's format. */
export const ERROR_CODES = {
    badSignature: "APIG.0301",
    tokenRejected: "APIG.0301",
    throttled: "APIG.0308",
    apiNotFound: "APIG.0101",
    backendUnavailable: "APIG.0202",
    badRequest: "WKS.00010001",
    jobNotRetriable: "WKS.00010010",
    jobNotFound: "WKS.00010023",
    conflict: "WKS.00010032",
    internal: "WKS.00010099",
} as const;

/**
 * Sends a JSON body with the emulator's request id header (set on every answer).
 *
 * @param res - the response
 * @param status - HTTP status
 * @param body - JSON-serializable body
 * @param headers - extra headers
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json;charset=UTF-8", "Content-Length": Buffer.byteLength(text), ...headers });
    res.end(text);
}

/**
 * Answers with Huawei's error body: `{ error_code, error_msg }`.
 *
 * @param res - the response
 * @param status - HTTP status
 * @param code - Huawei error code
 * @param message - human-readable error
 * @param headers - extra headers (e.g. `Retry-After`)
 */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    sendJson(res, status, { error_code: code, error_msg: message }, headers);
}

/**
 * Answers a processed request (a GET, or the retry POST) as a fault asks, when it does: `malformed` sends the start of the
 * JSON body and stops; `drop-after` closes the connection without an answer.
 *
 * @param res - the response
 * @param fault - the fault drawn for this answer
 * @param truncated - the start of the body a `malformed` answer sends, e.g. `{"id": `
 * @returns whether the fault answered
 */
export function answeredAfterProcessing(res: ServerResponse, fault: { kind: string } | undefined, truncated: string): boolean {
    if (fault?.kind === "malformed") {
        res.writeHead(200, { "Content-Type": "application/json" }).end(truncated);
        return true;
    }
    if (fault?.kind === "drop-after") {
        res.socket?.destroy();
        return true;
    }
    return false;
}

/**
 * The `error_msg` of an `echo-credentials` fault: the request's credentials written back, as a
 * careless gateway might: its `X-Auth-Token`, the access key of its AK/SK `Authorization`
 * header and its `X-Security-Token`, each only when the request carried it.
 *
 * @param headers - the request's headers, as node received them (lower-cased names)
 */
export function echoedCredentials(headers: IncomingHttpHeaders): string {
    const echoed: string[] = [];
    const token = headers["x-auth-token"];
    if (typeof token === "string" && token !== "") echoed.push(`X-Auth-Token ${token}`);
    const accessKey = /\bAccess=([^\s,]+)/.exec(headers.authorization ?? "")?.[1];
    if (accessKey) echoed.push(`access key ${accessKey}`);
    const securityToken = headers["x-security-token"];
    if (typeof securityToken === "string" && securityToken !== "") echoed.push(`X-Security-Token ${securityToken}`);
    return `Incorrect IAM authentication information: ${echoed.length > 0 ? echoed.join(", ") : "the request carried no credential"} (emulated echo).`;
}
