/**
 * The emulator's check of `SDK-HMAC-SHA256` signatures, rebuilt from the request as received
 * with its own canonicalization (./canonicalRequest, written from Huawei's signing guide), so a
 * client that signs what it does not send, or canonicalizes wrongly, fails here as it would at
 * the real gateway.
 *
 * @packageDocumentation
 */
import { canonicalRequestOf, expectedSignature, SIGNING_ALGORITHM } from "./canonicalRequest";
import { sameSecret } from "./sameSecret";

/** Error code the gateway answers (401) for every AK/SK authentication failure. */
export const SIGNATURE_ERROR_CODE = "APIG.0301";

/** Largest accepted distance between `X-Sdk-Date` and the server clock, in milliseconds (15 min). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** A key the emulator accepts; one with `securityToken` is temporary and needs that token sent. */
export interface KnownKey {
    /** The SK matching the AK this entry is stored under. */
    secretKey: string;
    /** Token of a temporary credential; requests must carry it as a signed `X-Security-Token`. */
    securityToken?: string;
}

/** The request exactly as the server received it. */
export interface ReceivedRequest {
    /** HTTP method as received. */
    method: string;
    /** Path and query exactly as received (`req.url`), still percent-encoded. */
    rawUrl: string;
    /** Node's `IncomingHttpHeaders`: lower-cased names. */
    headers: Record<string, string | string[] | undefined>;
    /** The raw body bytes. */
    body: Buffer;
}

/** Outcome of {@link verifySignature}; a failure message never contains secrets or the expected signature. */
export type VerifyResult = { ok: true; accessKey: string } | { ok: false; code: string; message: string };

/** `Access=..., SignedHeaders=..., Signature=...` after the algorithm name. */
const AUTHORIZATION_PATTERN = /^(\S+) +Access=([^\s,]+), *SignedHeaders=([a-z0-9!#$%&'*+.^_`|~;-]+), *Signature=([0-9a-f]{64})$/i;

/** `YYYYMMDDTHHMMSSZ`. */
const SDK_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function fail(message: string): VerifyResult {
    return { ok: false, code: SIGNATURE_ERROR_CODE, message };
}

function header(headers: ReceivedRequest["headers"], name: string): string | undefined {
    const value = headers[name];
    return Array.isArray(value) ? value.join(",") : value;
}

/** The signing time, or `undefined` when the value is not a real `YYYYMMDDTHHMMSSZ` instant. */
function parseSdkDate(value: string): Date | undefined {
    const m = SDK_DATE_PATTERN.exec(value);
    if (!m) return undefined;
    const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 ? date : undefined;
}

/**
 * Checks an AK/SK signature the way the gateway does, answering `APIG.0301` with a message that
 * says what is wrong (unknown AK, bad header, clock skew, token, signature) but gives nothing away.
 *
 * @param request - the request as received
 * @param keys - accepted keys by AK
 * @param now - the server time (injected, so skew tests need no real clock)
 */
export function verifySignature(request: ReceivedRequest, keys: ReadonlyMap<string, KnownKey>, now: Date): VerifyResult {
    const authorization = header(request.headers, "authorization");
    if (!authorization) return fail("missing Authorization header");
    const parsed = AUTHORIZATION_PATTERN.exec(authorization.trim());
    if (!parsed) return fail("malformed Authorization header");
    const [, algorithm, accessKey, signedList, signature] = parsed;
    if (algorithm !== SIGNING_ALGORITHM) return fail(`unsupported signing algorithm, expected ${SIGNING_ALGORITHM}`);
    const key = keys.get(accessKey);
    if (!key) return fail("unknown access key");

    const signedNames = signedList.toLowerCase().split(";");
    for (const required of ["host", "x-sdk-date"]) {
        if (!signedNames.includes(required)) return fail(`SignedHeaders must include ${required}`);
    }
    const signedHeaders: Record<string, string> = {};
    for (const name of signedNames) {
        const value = header(request.headers, name);
        if (name === "" || value === undefined) return fail(`signed header "${name}" is missing from the request`);
        signedHeaders[name] = value;
    }

    const sdkDate = signedHeaders["x-sdk-date"];
    const signedAt = parseSdkDate(sdkDate);
    if (!signedAt) return fail("malformed X-Sdk-Date, expected YYYYMMDDTHHMMSSZ");
    // Written as !(<=) so that an invalid `now` (NaN) fails closed.
    if (!(Math.abs(now.getTime() - signedAt.getTime()) <= MAX_CLOCK_SKEW_MS)) {
        return fail("X-Sdk-Date is more than 15 minutes away from the server time");
    }

    const token = header(request.headers, "x-security-token");
    if (key.securityToken === undefined && token !== undefined) {
        // What IAM does with a stale token sent along with a permanent key.
        return fail("X-Security-Token sent with a permanent access key");
    }
    if (key.securityToken !== undefined) {
        if (token === undefined) return fail("temporary credentials need an X-Security-Token header");
        if (!signedNames.includes("x-security-token")) return fail("X-Security-Token must be signed");
        if (!sameSecret(token, key.securityToken)) return fail("X-Security-Token does not match the access key");
    }

    const canonical = canonicalRequestOf({ method: request.method, rawUrl: request.rawUrl, signedHeaders, body: request.body });
    const expected = expectedSignature(key.secretKey, sdkDate, canonical);
    if (!sameSecret(signature.toLowerCase(), expected)) return fail("signature does not match the request");
    return { ok: true, accessKey };
}
