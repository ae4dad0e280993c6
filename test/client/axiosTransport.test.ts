/// <reference types="mocha" />
// The axios transport against a real loopback server: what it sends, what it hands back,
// and what it leaves behind (no timer, no followed redirect).
import { gzipSync, brotliCompressSync } from "node:zlib";
import { expect } from "chai";
import { createHttpTransport } from "../../provider/client/axiosTransport";
import { MAX_RESPONSE_BYTES } from "../../provider/client/constants";
import { RESPONSE_TOO_LARGE, TransportError } from "../../provider/client/http";
import { createSigner } from "../../provider/client/signing";
import { WorkspaceApiError, RetryOutcomeUnknownError } from "../../provider/client/errors";
import { WorkspaceClient } from "../../provider/client/workspaceClient";
import { Loopback } from "../support/loopback";

describe("client/axiosTransport (against a loopback server)", () => {
    const server = new Loopback();
    before(() => server.start());
    after(() => server.stop());
    // Only the record: cutting the pooled keep-alive connections between tests would race the next GET.
    beforeEach(() => {
        server.received.length = 0;
    });

    const transport = createHttpTransport();

    it("sends the body byte for byte as signed (no re-serialising) and hands the answer back as text", async () => {
        server.handler = (_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end('{ "job_id" : "x" }');
        const body = ' {"op_type": "retry"} ';
        const answer = await transport({
            method: "POST",
            url: `${server.url}/a`,
            headers: { "Content-Type": "application/json" },
            body,
            timeoutMs: 5_000,
        });
        expect(server.received[0].body).to.equal(body);
        expect(answer).to.deep.include({ status: 200, body: '{ "job_id" : "x" }' });
        expect(answer.headers["content-type"]).to.equal("application/json");
    });

    it("asks for compressed answers and decompresses gzip and br", async () => {
        for (const [encoding, compress] of [
            ["gzip", gzipSync],
            ["br", brotliCompressSync],
        ] as const) {
            server.handler = (_req, res) =>
                res.writeHead(200, { "Content-Encoding": encoding }).end(compress(Buffer.from('{"status":"SUCCESS"}')));
            const answer = await transport({ method: "GET", url: `${server.url}/job`, headers: {}, timeoutMs: 5_000 });
            expect(answer.body, encoding).to.equal('{"status":"SUCCESS"}');
        }
        expect(String(server.received[0].headers["accept-encoding"])).to.match(/gzip/);
    });

    it("refuses an answer larger than the cap, counted after decompression", async () => {
        const huge = gzipSync(Buffer.alloc(MAX_RESPONSE_BYTES + 1024, "a"));
        server.handler = (_req, res) => res.writeHead(200, { "Content-Encoding": "gzip" }).end(huge);
        const error = await transport({ method: "GET", url: `${server.url}/big`, headers: {}, timeoutMs: 10_000 }).then(
            () => expect.fail("should fail"),
            (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(TransportError);
        expect((error as TransportError).errno).to.equal(RESPONSE_TOO_LARGE);
    });

    it("does not follow a redirect: the 3xx is the answer", async () => {
        server.handler = (req, res) =>
            req.url === "/moved" ? res.writeHead(302, { Location: `${server.url}/elsewhere` }).end() : res.writeHead(200).end("followed");
        const answer = await transport({ method: "POST", url: `${server.url}/moved`, headers: {}, body: "{}", timeoutMs: 5_000 });
        expect(answer.status).to.equal(302);
        expect(answer.headers.location).to.equal(`${server.url}/elsewhere`);
        expect(server.received.map((r) => r.url)).to.deep.equal(["/moved"]);
    });

    it("clears its deadline timer: no timer is left behind by a request, answered or failed", async () => {
        server.handler = (_req, res) => res.writeHead(200).end("{}");
        // Connections closed first: the server's keep-alive timers live in this process too.
        const timers = async () => {
            server.closeConnections();
            await new Promise((resolve) => setImmediate(resolve));
            return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
        };
        const before = await timers();
        await transport({ method: "GET", url: `${server.url}/t`, headers: {}, timeoutMs: 60_000 });
        await transport({ method: "POST", url: `${server.url}/t`, headers: {}, body: "{}", timeoutMs: 60_000 });
        await transport({ method: "GET", url: "http://127.0.0.1:9/closed", headers: {}, timeoutMs: 60_000 }).catch(() => undefined);
        expect(await timers()).to.equal(before);
    });

    describe("through the client", () => {
        const client = () =>
            new WorkspaceClient({
                endpoint: server.url,
                projectId: "p",
                signer: createSigner({ kind: "token", token: "t" }),
                transport,
                sleep: async () => undefined,
                retry: { maxRetries: 3 },
            });

        it("a 3xx to the retry POST is a clear error with its Location, not 'outcome unknown', and not sent again", async () => {
            server.handler = (_req, res) => res.writeHead(301, { Location: "https://login.proxy.example/portal" }).end();
            const error = await client()
                .retryJob("job-1")
                .then(
                    () => expect.fail("should fail"),
                    (e: unknown) => e as Error,
                );
            expect(error).to.be.instanceOf(WorkspaceApiError);
            expect(error).not.to.be.instanceOf(RetryOutcomeUnknownError);
            expect(error.message).to.match(/^Workspace retry of job job-1 failed: HTTP 301 redirect, not followed\n/);
            expect(error.message).to.match(
                /location=https:\/\/login\.proxy\.example\/portal[\s\S]*hint=the endpoint answered with a redirect/,
            );
            expect((error as WorkspaceApiError).location).to.equal("https://login.proxy.example/portal");
            expect(server.received).to.have.length(1);
        });

        it("the whole call stays within the retry budget, attempts included", async () => {
            server.handler = () => undefined;
            const started = Date.now();
            const budgeted = new WorkspaceClient({
                endpoint: server.url,
                projectId: "p",
                signer: createSigner({ kind: "token", token: "t" }),
                transport,
                requestTimeoutMs: 200,
                sleep: async () => undefined,
                retry: { maxRetries: 20, baseDelayMs: 1, budgetMs: 700 },
            });
            const error = await budgeted.getJob("job-1").then(
                () => expect.fail("should fail"),
                (e: unknown) => e as Error & { attempts: number },
            );
            expect(error.attempts, "attempts of 200 ms that fit in 700 ms").to.equal(3);
            expect(Date.now() - started).to.be.below(700 + 150);
            server.closeConnections();
        });
    });
});
