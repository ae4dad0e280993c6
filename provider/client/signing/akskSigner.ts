/**
 * Huawei Cloud AK/SK request signing (`SDK-HMAC-SHA256`), as a pure function of the request,
 * the credentials and the signing date: no clock and no I/O, so the official test vector and
 * the emulator's verifier can replay it exactly.
 *
 * @packageDocumentation
 */
import { createHash, createHmac } from "crypto";

/** Algorithm name that opens the `Authorization` header and the string to sign. */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** Header carrying the signing time; the gateway rejects values more than 15 minutes off. */
export const SDK_DATE_HEADER = "X-Sdk-Date";

/** Header carrying the token of temporary credentials; it is signed like any other header. */
export const SECURITY_TOKEN_HEADER = "X-Security-Token";

/** Headers this signer sets itself; copies in the caller's headers are ignored, never signed twice. */
const OWN_HEADERS = new Set(["authorization", SDK_DATE_HEADER.toLowerCase(), SECURITY_TOKEN_HEADER.toLowerCase()]);

/** Unreserved bytes (RFC 3986 `A-Za-z0-9-_.~`), the only ones left as they are. */
const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** An access key pair; `securityToken` is present only for temporary (STS) credentials. */
export interface AkSkCredentials {
    /** Access key id (AK), sent in clear in the `Authorization` header. */
    accessKey: string;
    /** Secret key (SK), the HMAC key; never sent, never logged. */
    secretKey: string;
    /** Token of temporary credentials, sent (and signed) as `X-Security-Token`. */
    securityToken?: string;
}

/** The parts of an HTTP request that the signature covers, exactly as they will be sent. */
export interface RequestToSign {
    /** HTTP method; signed upper-cased. */
    method: string;
    /** Absolute URL, query included; the path and query are signed as the server will decode them. */
    url: string;
    /** Every header that will be sent (all are signed), except those the HTTP stack adds itself. */
    headers: Record<string, string>;
    /** The exact body text; its UTF-8 bytes are hashed. */
    body: string;
}

/**
 * Percent-encodes everything but unreserved characters, upper-case hex, over the UTF-8 bytes:
 * the one encoding both sides agree on, whatever encoding the URL arrived in.
 *
 * @param value - decoded text or raw bytes
 */
export function percentEncode(value: string | Uint8Array): string {
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
    let out = "";
    for (const byte of bytes) {
        const char = String.fromCharCode(byte);
        out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    return out;
}

/**
 * Decodes `%XY` escapes to bytes, leaving malformed escapes literal, so that encoding the result
 * never double-encodes what the server would decode (and never throws on bad UTF-8).
 *
 * @param value - a raw path or query component as it appears in a URL
 */
export function percentDecode(value: string): Buffer {
    const parts: Buffer[] = [];
    for (let i = 0; i < value.length;) {
        const escape = value.slice(i, i + 3);
        if (/^%[0-9A-Fa-f]{2}$/.test(escape)) {
            parts.push(Buffer.from([parseInt(escape.slice(1), 16)]));
            i += 3;
        } else {
            const codePoint = value.codePointAt(i) as number;
            const char = String.fromCodePoint(codePoint);
            parts.push(Buffer.from(char, "utf8"));
            i += char.length;
        }
    }
    return Buffer.concat(parts);
}

/**
 * The canonical URI: the path decoded, split on `/` (so `%2F` counts as a separator, as in
 * Huawei's reference signers), each segment re-encoded, with a trailing `/` that exists only in
 * the signature (the request keeps its path).
 *
 * @param path - the path as sent, e.g. `/v2/abc/workspace-jobs/x%20y`
 * @example canonicalUri("/v1/a b") // "/v1/a%20b/"
 */
export function canonicalUri(path: string): string {
    const decoded = percentDecode(path);
    const segments: string[] = [];
    let start = 0;
    for (let i = 0; i <= decoded.length; i++) {
        if (i === decoded.length || decoded[i] === 0x2f) {
            segments.push(percentEncode(decoded.subarray(start, i)));
            start = i + 1;
        }
    }
    const joined = segments.join("/");
    return joined.endsWith("/") ? joined : `${joined}/`;
}

/**
 * The canonical query: pairs decoded (a `+` stays a literal plus: send spaces as `%20`), sorted
 * by name then value, re-encoded, `name=value` joined by `&`; a name without `=` signs as `name=`.
 *
 * @param search - the query as sent, with or without the leading `?`
 * @example canonicalQuery("?marker=x&limit=2&b") // "b=&limit=2&marker=x"
 */
export function canonicalQuery(search: string): string {
    const raw = search.startsWith("?") ? search.slice(1) : search;
    const pairs = raw
        .split("&")
        .filter((part) => part !== "")
        .map((part) => {
            const eq = part.indexOf("=");
            const name = percentDecode(eq < 0 ? part : part.slice(0, eq));
            const value = percentDecode(eq < 0 ? "" : part.slice(eq + 1));
            return { name, value };
        })
        .filter((pair) => pair.name.length > 0);
    // UTF-8 byte order, as Huawei's Go and Python signers sort (not UTF-16 code units).
    pairs.sort((a, b) => Buffer.compare(a.name, b.name) || Buffer.compare(a.value, b.value));
    return pairs.map((pair) => `${percentEncode(pair.name)}=${percentEncode(pair.value)}`).join("&");
}

/**
 * Canonical headers (`name:value\n`, names lower-cased, values trimmed, sorted by name) and the
 * matching `SignedHeaders` list; the server rebuilds both from the names the client declares.
 *
 * @param headers - the headers to sign; two names differing only in case are refused, as the
 *   value actually sent would be ambiguous
 */
export function canonicalHeaders(headers: Record<string, string>): { canonical: string; signedHeaders: string } {
    const byName = new Map<string, string>();
    for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase();
        if (byName.has(lower)) {
            throw new TypeError(`header "${lower}" is given twice with different cases`);
        }
        byName.set(lower, String(value).trim());
    }
    const names = [...byName.keys()].sort();
    return {
        canonical: names.map((name) => `${name}:${byName.get(name)}\n`).join(""),
        signedHeaders: names.join(";"),
    };
}

/**
 * Hex SHA-256 of the body's exact bytes: a re-serialized JSON body would not match.
 *
 * @param body - text (hashed as UTF-8) or the raw bytes received
 */
export function hashPayload(body: string | Uint8Array): string {
    return createHash("sha256")
        .update(typeof body === "string" ? Buffer.from(body, "utf8") : body)
        .digest("hex");
}

/**
 * `YYYYMMDDTHHMMSSZ` in UTC, the only `X-Sdk-Date` format the gateway accepts.
 *
 * @param date - the signing time
 * @example formatSdkDate(new Date("2019-11-15T03:36:55Z")) // "20191115T033655Z"
 */
export function formatSdkDate(date: Date): string {
    return date
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z")
        .replace(/[-:]/g, "");
}

/** Inputs of the canonical request, taken from the request as sent (or as received). */
export interface CanonicalRequestInput {
    /** The method as sent; it is upper-cased in the canonical request. */
    method: string;
    /** Raw path, e.g. `/v2/p/workspace-jobs/j`. */
    path: string;
    /** Raw query, with or without `?`; empty when none. */
    search: string;
    /** The signed headers only. */
    headers: Record<string, string>;
    /** {@link hashPayload} of the body. */
    payloadHash: string;
}

/**
 * The canonical request, `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nPAYLOAD_HASH`, built the same way
 * by the signer and the emulator's verifier.
 *
 * @param input - see {@link CanonicalRequestInput}
 */
export function canonicalRequest(input: CanonicalRequestInput): string {
    const { canonical, signedHeaders } = canonicalHeaders(input.headers);
    return [
        input.method.toUpperCase(),
        canonicalUri(input.path),
        canonicalQuery(input.search),
        canonical,
        signedHeaders,
        input.payloadHash,
    ].join("\n");
}

/**
 * `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of the canonical request>`.
 *
 * @param sdkDate - the `X-Sdk-Date` value exactly as sent
 * @param request - output of {@link canonicalRequest}
 */
export function stringToSign(sdkDate: string, request: string): string {
    return `${SIGNING_ALGORITHM}\n${sdkDate}\n${createHash("sha256").update(request, "utf8").digest("hex")}`;
}

/**
 * Hex HMAC-SHA256 keyed directly with the SK (this algorithm has no key derivation).
 *
 * @param secretKey - the SK
 * @param toSign - output of {@link stringToSign}
 */
export function computeSignature(secretKey: string, toSign: string): string {
    return createHmac("sha256", secretKey).update(toSign, "utf8").digest("hex");
}

/**
 * Signs a request and returns the headers to add to it: `X-Sdk-Date`, `Authorization` and, for
 * temporary credentials, `X-Security-Token`. Every header in `request.headers` is signed, plus
 * `host` (from the URL unless given) and `x-sdk-date`, as the official SDKs do; send `Content-Type`
 * and `X-Project-Id` in `request.headers` so they are covered. Merge the result replacing
 * same-named headers case-insensitively.
 *
 * @param request - the request exactly as it will be sent
 * @param credentials - AK/SK, and the token of temporary credentials
 * @param signingDate - the time to sign at (the caller's clock, injected)
 * @example
 * const added = signAkSk({ method: "GET", url, headers: { "Content-Type": "application/json" }, body: "" }, creds, new Date());
 */
export function signAkSk(request: RequestToSign, credentials: AkSkCredentials, signingDate: Date): Record<string, string> {
    if (!credentials.accessKey || !credentials.secretKey) {
        throw new TypeError("AK/SK signing needs a non-empty access key and secret key");
    }
    const url = new URL(request.url);
    const sdkDate = formatSdkDate(signingDate);
    const signed: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
        if (!OWN_HEADERS.has(name.toLowerCase())) signed[name] = value;
    }
    if (!Object.keys(signed).some((name) => name.toLowerCase() === "host")) signed.host = url.host;
    signed[SDK_DATE_HEADER] = sdkDate;
    const added: Record<string, string> = { [SDK_DATE_HEADER]: sdkDate };
    if (credentials.securityToken) {
        signed[SECURITY_TOKEN_HEADER] = credentials.securityToken;
        added[SECURITY_TOKEN_HEADER] = credentials.securityToken;
    }
    const canonical = canonicalRequest({
        method: request.method,
        path: url.pathname,
        search: url.search,
        headers: signed,
        payloadHash: hashPayload(request.body),
    });
    const signature = computeSignature(credentials.secretKey, stringToSign(sdkDate, canonical));
    const { signedHeaders } = canonicalHeaders(signed);
    added.Authorization = `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return added;
}
