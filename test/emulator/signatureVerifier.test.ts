/// <reference types="mocha" />
import { createServer, IncomingHttpHeaders, Server } from "http";
import { AddressInfo } from "net";
import axios from "axios";
import { expect } from "chai";
import { KnownKey, verifySignature } from "../../emulator/signatureVerifier";
import { RequestToSign, signAkSk } from "../../provider/client/signing/akskSigner";

const NOW = new Date("2024-05-06T07:08:09Z");
const MINUTE_MS = 60_000;
const SECRET = "permanent-secret-key-0123456789";
const TEMP_SECRET = "temporary-secret-key-9876543210";
const TOKEN = "session-token-abcdef";
const KEYS: ReadonlyMap<string, KnownKey> = new Map([
    ["AKPERM", { secretKey: SECRET }],
    ["AKTEMP", { secretKey: TEMP_SECRET, securityToken: TOKEN }],
]);

const REQUEST: RequestToSign = {
    method: "POST",
    url: "http://127.0.0.1:8080/v2/proj%201/workspace-jobs/j%C3%A9/actions?b=2&a=x%2By&a=",
    headers: { "Content-Type": "application/json", "X-Project-Id": "proj 1" },
    body: '{"op_type":"retry"}',
};

type Received = Parameters<typeof verifySignature>[0];

/** The request as a Node server would see it: lower-cased headers, raw path and query, body bytes. */
function receive(request: RequestToSign, added: Record<string, string>): Received {
    const url = new URL(request.url);
    const headers: IncomingHttpHeaders = { host: url.host };
    for (const [name, value] of Object.entries({ ...request.headers, ...added })) headers[name.toLowerCase()] = value;
    return { method: request.method, rawUrl: url.pathname + url.search, headers, body: Buffer.from(request.body, "utf8") };
}

function signed(
    credentials = { accessKey: "AKPERM", secretKey: SECRET } as { accessKey: string; secretKey: string; securityToken?: string },
    at = NOW,
): Received {
    return receive(REQUEST, signAkSk(REQUEST, credentials, at));
}

const failures: string[] = [];

/** Asserts an APIG.0301 rejection whose message matches, and keeps the message for the leak check. */
function expectRejected(request: Received, message: RegExp, now = NOW): void {
    const result = verifySignature(request, KEYS, now);
    expect(result.ok, JSON.stringify(result)).to.equal(false);
    if (result.ok) return;
    expect(result.code).to.equal("APIG.0301");
    expect(result.message).to.match(message);
    failures.push(result.message);
}

describe("emulator signatureVerifier", () => {
    it("accepts a request signed by the signer", () => {
        expect(verifySignature(signed(), KEYS, NOW)).to.deep.equal({ ok: true, accessKey: "AKPERM" });
    });

    it("accepts temporary credentials with their signed token", () => {
        const request = signed({ accessKey: "AKTEMP", secretKey: TEMP_SECRET, securityToken: TOKEN });
        expect(verifySignature(request, KEYS, NOW)).to.deep.equal({ ok: true, accessKey: "AKTEMP" });
    });

    it("accepts a header that was not signed", () => {
        const request = signed();
        request.headers["user-agent"] = "anything";
        expect(verifySignature(request, KEYS, NOW).ok).to.equal(true);
    });

    it("rejects a tampered body", () => {
        expectRejected({ ...signed(), body: Buffer.from('{"op_type":"retry" }') }, /^signature does not match/);
    });

    it("rejects a tampered path", () => {
        const request = signed();
        expectRejected({ ...request, rawUrl: request.rawUrl.replace("j%C3%A9", "other") }, /^signature does not match/);
    });

    it("rejects a tampered query", () => {
        const request = signed();
        expectRejected({ ...request, rawUrl: request.rawUrl.replace("b=2", "b=3") }, /^signature does not match/);
    });

    it("rejects a tampered signed header", () => {
        const request = signed();
        request.headers["x-project-id"] = "other";
        expectRejected(request, /^signature does not match/);
    });

    it("rejects a signature made with the wrong secret key", () => {
        expectRejected(signed({ accessKey: "AKPERM", secretKey: "not-the-secret" }), /^signature does not match/);
    });

    it("rejects an unknown access key", () => {
        expectRejected(signed({ accessKey: "AKNOBODY", secretKey: SECRET }), /^unknown access key$/);
    });

    it("rejects an X-Sdk-Date 16 minutes off either way, accepts 14", () => {
        expectRejected(signed(undefined, new Date(NOW.getTime() - 16 * MINUTE_MS)), /X-Sdk-Date is more than 15 minutes/);
        expectRejected(signed(undefined, new Date(NOW.getTime() + 16 * MINUTE_MS)), /X-Sdk-Date is more than 15 minutes/);
        expect(verifySignature(signed(undefined, new Date(NOW.getTime() - 14 * MINUTE_MS)), KEYS, NOW).ok).to.equal(true);
    });

    it("fails closed when the server clock is invalid", () => {
        expectRejected(signed(), /X-Sdk-Date is more than 15 minutes/, new Date(Number.NaN));
    });

    it("rejects a malformed X-Sdk-Date", () => {
        const request = signed();
        request.headers["x-sdk-date"] = "2024-05-06T07:08:09Z";
        expectRejected(request, /^malformed X-Sdk-Date/);
        request.headers["x-sdk-date"] = "20240231T070809Z";
        expectRejected(request, /^malformed X-Sdk-Date/);
    });

    it("rejects a temporary key without its token", () => {
        expectRejected(signed({ accessKey: "AKTEMP", secretKey: TEMP_SECRET }), /need an X-Security-Token header/);
    });

    it("rejects a security token sent with a permanent key (a stale HW_SECURITY_TOKEN)", () => {
        expectRejected(
            signed({ accessKey: "AKPERM", secretKey: SECRET, securityToken: TOKEN }),
            /X-Security-Token sent with a permanent access key/,
        );
    });

    it("rejects a temporary key with the wrong token", () => {
        expectRejected(
            signed({ accessKey: "AKTEMP", secretKey: TEMP_SECRET, securityToken: "stolen-token" }),
            /X-Security-Token does not match/,
        );
    });

    it("rejects a token that was added without being signed", () => {
        const request = signed({ accessKey: "AKTEMP", secretKey: TEMP_SECRET });
        request.headers["x-security-token"] = TOKEN;
        expectRejected(request, /X-Security-Token must be signed/);
    });

    it("rejects a missing, garbled or foreign Authorization header", () => {
        const request = signed();
        expectRejected({ ...request, headers: { ...request.headers, authorization: undefined } }, /^missing Authorization header$/);
        expectRejected(
            { ...request, headers: { ...request.headers, authorization: "SDK-HMAC-SHA256 garbage" } },
            /^malformed Authorization header$/,
        );
        const sha1 = String(request.headers.authorization).replace("SDK-HMAC-SHA256", "SDK-HMAC-SHA1");
        expectRejected({ ...request, headers: { ...request.headers, authorization: sha1 } }, /^unsupported signing algorithm/);
    });

    it("rejects SignedHeaders without host or x-sdk-date", () => {
        const request = signed();
        const withList = (list: string): Received => ({
            ...request,
            headers: {
                ...request.headers,
                authorization: `SDK-HMAC-SHA256 Access=AKPERM, SignedHeaders=${list}, Signature=${"0".repeat(64)}`,
            },
        });
        expectRejected(withList("content-type;x-sdk-date"), /SignedHeaders must include host/);
        expectRejected(withList("content-type;host"), /SignedHeaders must include x-sdk-date/);
    });

    it("rejects a signed header that is missing from the request", () => {
        const request = signed();
        delete request.headers["content-type"];
        expectRejected(request, /signed header "content-type" is missing/);
    });

    it("never puts a secret, a token or a signature in its messages", () => {
        expect(failures.length).to.be.greaterThan(10);
        for (const message of failures) {
            for (const secret of [SECRET, TEMP_SECRET, TOKEN, "not-the-secret", "stolen-token"]) {
                expect(message).to.not.include(secret);
            }
            expect(message).to.not.match(/[0-9a-f]{64}/i);
        }
    });

    describe("through a real HTTP server (axios client, node:http server)", () => {
        let server: Server;
        let base = "";
        const seen: Array<ReturnType<typeof verifySignature>> = [];

        before(async () => {
            server = createServer((req, res) => {
                const chunks: Buffer[] = [];
                req.on("data", (chunk: Buffer) => chunks.push(chunk));
                req.on("end", () => {
                    const result = verifySignature(
                        { method: req.method ?? "", rawUrl: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) },
                        KEYS,
                        new Date(),
                    );
                    seen.push(result);
                    res.writeHead(result.ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(result));
                });
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        });

        after(async () => {
            await new Promise<void>((resolve) => server.close(() => resolve()));
        });

        it("verifies what axios actually sends: encoded path and query, non-default port, body, token", async () => {
            const cases: RequestToSign[] = [
                { ...REQUEST, url: `${base}/v2/proj%201/workspace-jobs/j%C3%A9/actions?b=2&a=x%2By&a=` },
                {
                    method: "GET",
                    url: `${base}/v2/p/workspace-jobs/job 1/é?limit=2&q=a b`,
                    headers: { "Content-Type": "application/json" },
                    body: "",
                },
            ];
            const creds = { accessKey: "AKTEMP", secretKey: TEMP_SECRET, securityToken: TOKEN };
            for (const request of cases) {
                const headers = { ...request.headers, ...signAkSk(request, creds, new Date()) };
                const response = await axios.request({
                    method: request.method,
                    url: request.url,
                    headers,
                    data: request.body === "" ? undefined : request.body,
                    validateStatus: () => true,
                });
                expect(response.status, JSON.stringify(response.data)).to.equal(200);
            }
            expect(seen).to.deep.equal([
                { ok: true, accessKey: "AKTEMP" },
                { ok: true, accessKey: "AKTEMP" },
            ]);
        });
    });
});
