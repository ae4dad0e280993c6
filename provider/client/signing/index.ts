import { RequestToSign, signAkSk } from "./akskSigner";

/** Credentials, as resolved by the settings. Each kind signs requests in its own way. */
export type Credentials = { kind: "token"; token: string } | { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string };

/** Adds authentication headers to a request about to be sent. */
export interface Signer {
    /**
     * Headers to add to the request.
     *
     * @param request - method, absolute URL, headers and exact body of the request
     * @param now - the signing time (a seam for tests)
     */
    sign(request: RequestToSign, now: Date): Record<string, string>;
}

/**
 * A signer for the resolved credentials: `X-Auth-Token` for an IAM token, an
 * `SDK-HMAC-SHA256` signature for an access key pair.
 *
 * @param credentials - as the settings resolved them
 */
export function createSigner(credentials: Credentials): Signer {
    if (credentials.kind === "token") {
        return { sign: () => ({ "X-Auth-Token": credentials.token }) };
    }
    return { sign: (request, now) => signAkSk(request, credentials, now) };
}

export type { RequestToSign };
