/// <reference types="mocha" />
// The emulator's own canonicalization against the fixture vectors (the first is the official
// one from Huawei's signing guide), without any code of the provider's signer: the two sides
// meet only in the fixture.
import { createHash } from "node:crypto";
import { expect } from "chai";
import { canonicalQueryOf, canonicalRequestOf, canonicalUriOf, expectedSignature } from "../../emulator/canonicalRequest";
import { verifySignature } from "../../emulator/signatureVerifier";
import { Vector, VECTORS } from "../support/akskVectors";

const vectors = VECTORS;

/** `YYYYMMDDTHHMMSSZ`, written here rather than taken from the signer. */
const sdkDate = (iso: string): string => new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, "") + "Z";

/** The vector's request as a Node server would receive it: lower-case headers, raw path and query. */
function received(v: Vector) {
    const url = new URL(v.url);
    const headers: Record<string, string> = { host: url.host, "x-sdk-date": sdkDate(v.date) };
    for (const [name, value] of Object.entries(v.headers)) headers[name.toLowerCase()] = value;
    if (v.securityToken) headers["x-security-token"] = v.securityToken;
    return { method: v.method, rawUrl: url.pathname + url.search, headers, body: Buffer.from(v.body, "utf8") };
}

describe("emulator canonicalRequest (written from the signing guide)", () => {
    expect(vectors[0].name).to.equal("huawei-official-get-vpcs");

    for (const v of vectors) {
        it(`rebuilds vector ${v.name}: canonical request, hash, signature, verification`, () => {
            const request = received(v);
            const signedNames = v.canonicalRequest[v.canonicalRequest.length - 2].split(";");
            const signedHeaders = Object.fromEntries(signedNames.map((name) => [name, request.headers[name]]));
            const canonical = canonicalRequestOf({ method: v.method, rawUrl: request.rawUrl, signedHeaders, body: request.body });
            expect(canonical).to.equal(v.canonicalRequest.join("\n"));
            expect(createHash("sha256").update(canonical).digest("hex")).to.equal(v.hashedCanonicalRequest);
            expect(expectedSignature(v.secretKey, sdkDate(v.date), canonical)).to.equal(v.signature);

            const authorization = `SDK-HMAC-SHA256 Access=${v.accessKey}, SignedHeaders=${signedNames.join(";")}, Signature=${v.signature}`;
            const keys = new Map([[v.accessKey, { secretKey: v.secretKey, securityToken: v.securityToken }]]);
            const now = new Date(v.date);
            expect(verifySignature({ ...request, headers: { ...request.headers, authorization } }, keys, now)).to.deep.equal({
                ok: true,
                accessKey: v.accessKey,
            });
            const wrong = v.signature.replace(/^./, (c) => (c === "0" ? "1" : "0"));
            const tampered = { ...request, headers: { ...request.headers, authorization: authorization.replace(v.signature, wrong) } };
            expect(verifySignature(tampered, keys, now).ok).to.equal(false);
        });
    }

    it("encodes each path segment over its decoded bytes and adds the trailing slash", () => {
        expect(canonicalUriOf("/v2/a b/caf%c3%a9")).to.equal("/v2/a%20b/caf%C3%A9/");
        expect(canonicalUriOf("/v2/x/")).to.equal("/v2/x/");
        expect(canonicalUriOf("/v2/a%2Fb")).to.equal("/v2/a/b/");
        expect(canonicalUriOf("/v2/100%/é")).to.equal("/v2/100%25/%C3%A9/");
        expect(canonicalUriOf("/v2/!*'()")).to.equal("/v2/%21%2A%27%28%29/");
    });

    it("sorts query pairs by decoded name then value; a bare name signs as name=; + stays a plus", () => {
        expect(canonicalQueryOf("")).to.equal("");
        expect(canonicalQueryOf("b=2&a=1&a=0&flag&&q=a+b")).to.equal("a=0&a=1&b=2&flag=&q=a%2Bb");
        expect(canonicalQueryOf("%C3%BC=1&z=%7e&x=a=b")).to.equal("x=a%3Db&z=~&%C3%BC=1");
    });
});
