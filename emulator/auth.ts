import type { IncomingMessage } from "node:http";
import { sameSecret } from "./sameSecret";
import { KnownKey, verifySignature } from "./signatureVerifier";

/** Credentials the emulator accepts. */
export interface AcceptedCredentials {
    /** IAM tokens accepted in `X-Auth-Token`. */
    tokens: readonly string[];
    /** Access keys accepted in AK/SK signatures, by AK. */
    keys: ReadonlyMap<string, KnownKey>;
}

/** Who a request authenticated as, or why it did not. */
export type AuthResult = { ok: true; as: string } | { ok: false; code: string; message: string };

/**
 * Checks a request's credentials: an AK/SK signature when there is an `Authorization`
 * header, else an `X-Auth-Token`. Answers like the gateway: `APIG.0301` for a bad
 * signature or unknown token, `APIG.0301` with "missing" when there is nothing.
 *
 * @param req - the request
 * @param body - its raw body
 * @param accepted - what the emulator accepts
 * @param now - server time (signature clock window)
 */
export function authenticate(req: IncomingMessage, body: Buffer, accepted: AcceptedCredentials, now: Date): AuthResult {
    if (req.headers.authorization) {
        const result = verifySignature(
            { method: req.method ?? "GET", rawUrl: req.url ?? "/", headers: req.headers, body },
            accepted.keys,
            now,
        );
        return result.ok ? { ok: true, as: `aksk:${result.accessKey}` } : result;
    }
    const token = req.headers["x-auth-token"];
    if (typeof token === "string" && token !== "") {
        return accepted.tokens.some((known) => sameSecret(token, known))
            ? { ok: true, as: "token" }
            : { ok: false, code: "APIG.0301", message: "Incorrect IAM authentication information: the token is invalid or has expired." };
    }
    return { ok: false, code: "APIG.0301", message: "Incorrect IAM authentication information: no X-Auth-Token or Authorization header." };
}
