/// <reference types="mocha" />
import { createHash } from "crypto";
import { expect } from "chai";
import {
    SIGNING_ALGORITHM,
    canonicalHeaders,
    canonicalQuery,
    canonicalRequest,
    canonicalUri,
    computeSignature,
    formatSdkDate,
    hashPayload,
    percentDecode,
    percentEncode,
    signAkSk,
    stringToSign,
} from "../../../provider/client/signing/akskSigner";
import { VECTORS } from "../../support/akskVectors";

const fixture = { vectors: VECTORS };

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const DATE = new Date("2024-05-06T07:08:09Z");
const CREDS = { accessKey: "AKTEST", secretKey: "sk-test-secret" };

/** The Authorization header's parts, for assertions. */
function parseAuthorization(value: string): { access: string; signedHeaders: string; signature: string } {
    const m = /^SDK-HMAC-SHA256 Access=(\S+), SignedHeaders=(\S+), Signature=([0-9a-f]{64})$/.exec(value);
    expect(m, value).to.not.equal(null);
    return { access: m![1], signedHeaders: m![2], signature: m![3] };
}

describe("akskSigner", () => {
    describe("official and own vectors (test/fixtures/aksk-vectors.json)", () => {
        for (const v of fixture.vectors) {
            it(v.name, () => {
                const expectedCanonical = v.canonicalRequest.join("\n");
                // The fixture's hashes belong to its hand-written canonical request.
                expect(sha256(expectedCanonical)).to.equal(v.hashedCanonicalRequest);

                const request = { method: v.method, url: v.url, headers: v.headers, body: v.body };
                const creds = { accessKey: v.accessKey, secretKey: v.secretKey, securityToken: v.securityToken };
                const added = signAkSk(request, creds, new Date(v.date));
                const auth = parseAuthorization(added.Authorization);
                expect(auth.signature).to.equal(v.signature);
                expect(auth.access).to.equal(v.accessKey);
                expect(auth.signedHeaders).to.equal(v.canonicalRequest[v.canonicalRequest.length - 2]);

                // The same canonical request, rebuilt from the headers as they would be sent.
                const url = new URL(v.url);
                const sent: Record<string, string> = { host: url.host };
                for (const [name, value] of Object.entries({ ...v.headers, ...added })) {
                    if (name !== "Authorization") sent[name.toLowerCase()] = value;
                }
                const canonical = canonicalRequest({
                    method: v.method,
                    path: url.pathname,
                    search: url.search,
                    headers: sent,
                    payloadHash: hashPayload(v.body),
                });
                expect(canonical).to.equal(expectedCanonical);
                expect(sha256(canonical)).to.equal(v.hashedCanonicalRequest);
            });
        }
    });

    describe("percentEncode / percentDecode", () => {
        it("keeps only unreserved characters and upper-cases the hex", () => {
            expect(percentEncode("AZaz09-_.~")).to.equal("AZaz09-_.~");
            expect(percentEncode(" +%=&/?!*'()")).to.equal("%20%2B%25%3D%26%2F%3F%21%2A%27%28%29");
            expect(percentEncode("é😀")).to.equal("%C3%A9%F0%9F%98%80");
        });
        it("decodes escapes of either case and leaves malformed ones literal", () => {
            expect(percentDecode("%c3%A9").toString("utf8")).to.equal("é");
            expect(percentDecode("%41%zz%4").toString("latin1")).to.equal("A%zz%4");
            expect(percentDecode("ü").toString("utf8")).to.equal("ü");
        });
    });

    describe("canonicalUri", () => {
        it("adds the trailing slash for signing only", () => {
            expect(canonicalUri("")).to.equal("/");
            expect(canonicalUri("/")).to.equal("/");
            expect(canonicalUri("/v2/p/workspace-jobs/j")).to.equal("/v2/p/workspace-jobs/j/");
            expect(canonicalUri("/v2/p/")).to.equal("/v2/p/");
        });
        it("encodes each segment: spaces, unicode, +, %, reserved characters", () => {
            expect(canonicalUri("/a b/ü")).to.equal("/a%20b/%C3%BC/");
            expect(canonicalUri("/a+b/a!b/a=b&c")).to.equal("/a%2Bb/a%21b/a%3Db%26c/");
        });
        it("does not double-encode a path that arrives percent-encoded", () => {
            expect(canonicalUri("/a%20b/%C3%BC")).to.equal("/a%20b/%C3%BC/");
            expect(canonicalUri("/100%25")).to.equal("/100%25/");
            expect(canonicalUri("/x%7e%2b")).to.equal("/x~%2B/");
        });
        it("treats an encoded slash as a separator, as Huawei's reference signers do", () => {
            expect(canonicalUri("/a%2Fb")).to.equal("/a/b/");
        });
        it("keeps empty segments", () => {
            expect(canonicalUri("//a")).to.equal("//a/");
        });
    });

    describe("canonicalQuery", () => {
        it("is empty when there is no query", () => {
            expect(canonicalQuery("")).to.equal("");
            expect(canonicalQuery("?")).to.equal("");
            expect(canonicalQuery("?&&")).to.equal("");
        });
        it("sorts by name, then by value for repeated names", () => {
            expect(canonicalQuery("?marker=m&limit=2")).to.equal("limit=2&marker=m");
            expect(canonicalQuery("a=2&a=10&a=1")).to.equal("a=1&a=10&a=2");
        });
        it("signs empty values and bare names as name=", () => {
            expect(canonicalQuery("?b=&a")).to.equal("a=&b=");
        });
        it("skips pairs without a name", () => {
            expect(canonicalQuery("?=x&a=1")).to.equal("a=1");
        });
        it("decodes then re-encodes: %20 and raw spaces agree, + stays a literal plus", () => {
            expect(canonicalQuery("?q=a%20b")).to.equal("q=a%20b");
            expect(canonicalQuery("?q=a b")).to.equal("q=a%20b");
            expect(canonicalQuery("?q=a+b")).to.equal("q=a%2Bb");
            expect(canonicalQuery("?q=a%2bb")).to.equal("q=a%2Bb");
            expect(canonicalQuery("?q=100%25")).to.equal("q=100%25");
        });
        it("keeps = and & inside values encoded, splitting each pair at its first =", () => {
            expect(canonicalQuery("?f=x%3Dy%26z")).to.equal("f=x%3Dy%26z");
            expect(canonicalQuery("?f=x=y")).to.equal("f=x%3Dy");
        });
        it("sorts by decoded UTF-8 bytes, not by the encoded text or UTF-16 units", () => {
            // encoded "%7B" < "a", but decoded "{" (0x7B) > "a" (0x61)
            expect(canonicalQuery("?%7B=1&a=2")).to.equal("a=2&%7B=1");
            // U+FF01 is EF BC 81 in UTF-8, before the emoji's F0...; in UTF-16 the emoji (D83D) sorts first
            expect(canonicalQuery("?%F0%9F%98%80=1&%EF%BC%81=2")).to.equal("%EF%BC%81=2&%F0%9F%98%80=1");
            expect(canonicalQuery("?z=1&%C3%BC=2")).to.equal("z=1&%C3%BC=2");
        });
    });

    describe("canonicalHeaders", () => {
        it("lower-cases names, trims values, sorts, and lists the names", () => {
            const result = canonicalHeaders({ "X-Sdk-Date": "20240506T070809Z", Host: "h:8443", "Content-Type": "  application/json " });
            expect(result.canonical).to.equal("content-type:application/json\nhost:h:8443\nx-sdk-date:20240506T070809Z\n");
            expect(result.signedHeaders).to.equal("content-type;host;x-sdk-date");
        });
        it("is empty for no headers", () => {
            expect(canonicalHeaders({})).to.deep.equal({ canonical: "", signedHeaders: "" });
        });
        it("refuses a name given twice in different cases", () => {
            expect(() => canonicalHeaders({ "Content-Type": "a", "content-type": "b" })).to.throw(TypeError, /content-type/);
        });
    });

    describe("hashPayload", () => {
        it("hashes the exact UTF-8 bytes", () => {
            expect(hashPayload("")).to.equal(EMPTY_SHA256);
            // FIPS 180-2 example
            expect(hashPayload("abc")).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            expect(hashPayload("é")).to.equal(hashPayload(Buffer.from([0xc3, 0xa9])));
            expect(hashPayload('{"a":1}')).to.not.equal(hashPayload('{"a": 1}'));
        });
    });

    describe("formatSdkDate", () => {
        it("formats in UTC as YYYYMMDDTHHMMSSZ, dropping milliseconds", () => {
            expect(formatSdkDate(new Date("2019-11-15T03:36:55Z"))).to.equal("20191115T033655Z");
            expect(formatSdkDate(new Date("2019-11-15T11:36:55.999+08:00"))).to.equal("20191115T033655Z");
            expect(formatSdkDate(new Date("2024-01-02T03:04:05Z"))).to.equal("20240102T030405Z");
        });
    });

    describe("canonicalRequest / stringToSign / computeSignature", () => {
        it("joins the six parts in order, method upper-cased", () => {
            const text = canonicalRequest({
                method: "post",
                path: "/v2/p",
                search: "?b=1&a=2",
                headers: { Host: "h" },
                payloadHash: EMPTY_SHA256,
            });
            expect(text).to.equal(`POST\n/v2/p/\na=2&b=1\nhost:h\n\nhost\n${EMPTY_SHA256}`);
        });
        it("builds the string to sign from the date and the hashed canonical request", () => {
            expect(stringToSign("20191115T033655Z", "x")).to.equal(`${SIGNING_ALGORITHM}\n20191115T033655Z\n${sha256("x")}`);
        });
        it("is a plain HMAC-SHA256 keyed with the SK", () => {
            // RFC 4231 test case 2
            expect(computeSignature("Jefe", "what do ya want for nothing?")).to.equal(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            );
        });
    });

    describe("signAkSk", () => {
        const base = {
            method: "POST",
            url: "https://workspace.example.com/v2/p/workspace-jobs/j",
            headers: { "Content-Type": "application/json" },
            body: '{"op_type":"retry"}',
        };

        it("adds X-Sdk-Date and Authorization only, for permanent keys", () => {
            const added = signAkSk(base, CREDS, DATE);
            expect(Object.keys(added).sort()).to.deep.equal(["Authorization", "X-Sdk-Date"]);
            expect(added["X-Sdk-Date"]).to.equal("20240506T070809Z");
            expect(parseAuthorization(added.Authorization).access).to.equal("AKTEST");
        });
        it("signs content-type, host and x-sdk-date", () => {
            expect(parseAuthorization(signAkSk(base, CREDS, DATE).Authorization).signedHeaders).to.equal("content-type;host;x-sdk-date");
        });
        it("adds and signs X-Security-Token for temporary credentials, and signs X-Project-Id", () => {
            const request = { ...base, headers: { ...base.headers, "X-Project-Id": "p" } };
            const added = signAkSk(request, { ...CREDS, securityToken: "tok" }, DATE);
            expect(added["X-Security-Token"]).to.equal("tok");
            expect(parseAuthorization(added.Authorization).signedHeaders).to.equal(
                "content-type;host;x-project-id;x-sdk-date;x-security-token",
            );
        });
        it("is deterministic for a fixed date and changes with the date", () => {
            expect(signAkSk(base, CREDS, DATE)).to.deep.equal(signAkSk(base, CREDS, new Date(DATE.getTime())));
            expect(signAkSk(base, CREDS, DATE).Authorization).to.not.equal(
                signAkSk(base, CREDS, new Date(DATE.getTime() + 1000)).Authorization,
            );
        });
        it("signs the host with a non-default port only, or the Host header when given", () => {
            const hostOf = (url: string, headers: Record<string, string> = {}): string => {
                const added = signAkSk({ ...base, url, headers }, CREDS, DATE);
                const path = new URL(url).pathname;
                for (const host of ["h.example.com", "h.example.com:8443", "h.example.com:443", "other"]) {
                    const sent: Record<string, string> = { host, "x-sdk-date": added["X-Sdk-Date"] };
                    const text = canonicalRequest({ method: "POST", path, search: "", headers: sent, payloadHash: hashPayload(base.body) });
                    if (
                        computeSignature(CREDS.secretKey, stringToSign(added["X-Sdk-Date"], text)) ===
                        parseAuthorization(added.Authorization).signature
                    )
                        return host;
                }
                return "none";
            };
            expect(hostOf("https://h.example.com:8443/x")).to.equal("h.example.com:8443");
            expect(hostOf("https://h.example.com:443/x")).to.equal("h.example.com");
            expect(hostOf("https://h.example.com/x", { Host: "other" })).to.equal("other");
        });
        it("ignores the caller's Authorization, X-Sdk-Date and X-Security-Token rather than signing them twice", () => {
            const stale = {
                ...base,
                headers: { ...base.headers, authorization: "old", "x-sdk-date": "19700101T000000Z", "X-Security-Token": "old" },
            };
            expect(signAkSk(stale, CREDS, DATE)).to.deep.equal(signAkSk(base, CREDS, DATE));
        });
        it("does not modify the request", () => {
            const headers = { ...base.headers };
            signAkSk({ ...base, headers }, { ...CREDS, securityToken: "t" }, DATE);
            expect(headers).to.deep.equal(base.headers);
        });
        it("refuses empty keys without echoing them", () => {
            expect(() => signAkSk(base, { accessKey: "AK", secretKey: "" }, DATE)).to.throw(TypeError, /secret key/);
        });
    });
});
