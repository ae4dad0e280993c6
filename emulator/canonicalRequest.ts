/**
 * The `SDK-HMAC-SHA256` canonical request, rebuilt by the emulator from a request as it was
 * received, following Huawei's API signing guide (summed up in docs/workspace-api.md, with the
 * guide's official test vector in test/fixtures/aksk-vectors.json).
 *
 * Written on its own, not shared with the provider's signer: a verifier that reused the code
 * it checks would sign and verify a canonicalization mistake the same way, and pass.
 *
 * @packageDocumentation
 */
import { createHash, createHmac } from "node:crypto";

/** The algorithm name of the guide: it opens both the string to sign and `Authorization`. */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** The guide's unreserved characters, the only ones a canonical component keeps as they are. */
const UNRESERVED = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

const PERCENT = 0x25;
const SLASH = 0x2f;

/** The byte value of one hex digit, or -1. */
function hexDigit(byte: number): number {
    const char = String.fromCharCode(byte);
    return /[0-9A-Fa-f]/.test(char) ? parseInt(char, 16) : -1;
}

/**
 * The bytes a server decodes from a raw URL component: each valid `%XY` becomes byte XY;
 * anything else (a stray `%`, raw non-ASCII text) stays as its UTF-8 bytes.
 */
function decodedBytes(raw: string): Buffer {
    const input = Buffer.from(raw, "utf8");
    const output: number[] = [];
    for (let i = 0; i < input.length; i++) {
        const high = input[i] === PERCENT && i + 2 < input.length ? hexDigit(input[i + 1]) : -1;
        const low = high >= 0 ? hexDigit(input[i + 2]) : -1;
        if (low >= 0) {
            output.push(high * 16 + low);
            i += 2;
        } else {
            output.push(input[i]);
        }
    }
    return Buffer.from(output);
}

/** The guide's encoding of decoded bytes: unreserved ASCII kept, every other byte `%XY`, upper-case. */
function encoded(bytes: Buffer): string {
    return Array.from(bytes, (byte) => {
        const char = String.fromCharCode(byte);
        return UNRESERVED.has(char) ? char : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
    }).join("");
}

/**
 * The canonical URI: the path decoded, cut at every `/` (Huawei's reference signers decode
 * before they split), each segment encoded, and a trailing `/` added when missing.
 *
 * @param rawPath - the path as received, still percent-encoded
 */
export function canonicalUriOf(rawPath: string): string {
    const bytes = decodedBytes(rawPath);
    const segments: string[] = [];
    let from = 0;
    for (let at = bytes.indexOf(SLASH); at >= 0; at = bytes.indexOf(SLASH, from)) {
        segments.push(encoded(bytes.subarray(from, at)));
        from = at + 1;
    }
    segments.push(encoded(bytes.subarray(from)));
    const uri = segments.join("/");
    return uri.endsWith("/") ? uri : uri + "/";
}

/**
 * The canonical query: every `name=value` pair decoded (a name alone counts as `name=`, a `+`
 * is a literal plus), sorted by name then value over the decoded bytes, encoded again, joined
 * by `&`; empty when there is no query.
 *
 * @param rawQuery - the query as received, without the `?`
 */
export function canonicalQueryOf(rawQuery: string): string {
    const pairs: Array<[Buffer, Buffer]> = [];
    for (const part of rawQuery.split("&")) {
        const [name, ...rest] = part.split("=");
        if (name === "") continue;
        pairs.push([decodedBytes(name), decodedBytes(rest.join("="))]);
    }
    pairs.sort(([nameA, valueA], [nameB, valueB]) => Buffer.compare(nameA, nameB) || Buffer.compare(valueA, valueB));
    return pairs.map(([name, value]) => `${encoded(name)}=${encoded(value)}`).join("&");
}

/** A request as the server received it, reduced to what the signature covers. */
export interface SignedParts {
    /** HTTP method as received. */
    method: string;
    /** Path and query as received (`req.url`), still percent-encoded. */
    rawUrl: string;
    /** The values of the headers the client declared signed, by lower-case name. */
    signedHeaders: Readonly<Record<string, string>>;
    /** The body bytes. */
    body: Buffer;
}

const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * `METHOD`, canonical URI, canonical query, `name:trimmed value` lines, the signed names
 * joined by `;`, and the hex SHA-256 of the body, one per line, as the guide lists them.
 *
 * @param parts - the received request
 */
export function canonicalRequestOf(parts: SignedParts): string {
    const queryAt = parts.rawUrl.indexOf("?");
    const rawPath = queryAt < 0 ? parts.rawUrl : parts.rawUrl.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? "" : parts.rawUrl.slice(queryAt + 1);
    const names = Object.keys(parts.signedHeaders).sort();
    const headerLines = names.map((name) => `${name}:${parts.signedHeaders[name].trim()}\n`).join("");
    return [
        parts.method.toUpperCase(),
        canonicalUriOf(rawPath),
        canonicalQueryOf(rawQuery),
        headerLines,
        names.join(";"),
        sha256Hex(parts.body),
    ].join("\n");
}

/**
 * The signature the guide prescribes: hex HMAC-SHA256, keyed with the SK itself, of
 * `SDK-HMAC-SHA256`, the `X-Sdk-Date` value and the hex SHA-256 of the canonical request.
 *
 * @param secretKey - the SK
 * @param sdkDate - the `X-Sdk-Date` value as received
 * @param canonical - from {@link canonicalRequestOf}
 */
export function expectedSignature(secretKey: string, sdkDate: string, canonical: string): string {
    const toSign = [SIGNING_ALGORITHM, sdkDate, sha256Hex(canonical)].join("\n");
    return createHmac("sha256", secretKey).update(toSign).digest("hex");
}
