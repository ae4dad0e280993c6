/// <reference types="mocha" />
import { expect } from "chai";
import { Answer, call } from "../support/http";
import { FaultQueue } from "../../emulator/faults";
import { DEFAULT_PROJECT_ID, DEFAULT_SEED } from "../../emulator/jobStore";
import { DEFAULT_TOKEN, WorkspaceEmulator } from "../../emulator/server";
import { signAkSk } from "../../provider/client/signing/akskSigner";

const AUTH = { "X-Auth-Token": DEFAULT_TOKEN, "Content-Type": "application/json" };
const FAILED_JOB = DEFAULT_SEED[0].id as string;
const RETRY_PATH = `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/${FAILED_JOB}/actions`;

describe("emulator faults", () => {
    describe("FaultQueue", () => {
        it("hands out faults per route, oldest first, each `count` times (default 1)", () => {
            const queue = new FaultQueue();
            queue.add({ route: "retry", kind: "throttle", count: 2 });
            queue.add({ route: "getJob", kind: "html" });
            queue.add({ route: "retry", kind: "drop-after" });
            expect(queue.take("getJob")?.kind).to.equal("html");
            expect(queue.take("getJob")).to.equal(undefined);
            expect(queue.take("retry")?.kind).to.equal("throttle");
            expect(queue.pending()).to.deep.equal([
                { route: "retry", kind: "throttle", count: 1 },
                { route: "retry", kind: "drop-after", count: 1 },
            ]);
            expect(queue.take("retry")?.kind).to.equal("throttle");
            expect(queue.take("retry")?.kind).to.equal("drop-after");
            expect(queue.take("retry")).to.equal(undefined);
        });

        it("clear() removes every fault", () => {
            const queue = new FaultQueue();
            queue.add({ route: "retry", kind: "throttle", count: 5 });
            queue.clear();
            expect(queue.pending()).to.deep.equal([]);
            expect(queue.take("retry")).to.equal(undefined);
        });
    });

    describe("through real HTTP", () => {
        let emulator: WorkspaceEmulator;
        const retry = () => call(emulator.url, "POST", RETRY_PATH, { headers: AUTH, body: '{"op_type":"retry"}' });
        const show = (jobId: string) => call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/${jobId}`, { headers: AUTH });
        const retryStatuses = () => emulator.requests.filter((req) => req.route === "retry").map((req) => req.status);

        before(async () => {
            emulator = await WorkspaceEmulator.start({ port: 0 });
        });
        after(() => emulator.stop());
        beforeEach(() => emulator.reset());

        it("throttle with Retry-After: 429 APIG.0308 with the header, no job created", async () => {
            emulator.inject({ route: "retry", kind: "throttle", retryAfterSeconds: 7 });
            const answer = await retry();
            expect(answer.status).to.equal(429);
            expect(answer.json).to.deep.equal({ error_code: "APIG.0308", error_msg: "The request is throttled." });
            expect(answer.headers["retry-after"]).to.equal("7");
            expect(answer.headers["x-request-id"]).to.match(/^[0-9a-f]{32}$/);
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("throttle without Retry-After: 429 without the header", async () => {
            emulator.inject({ route: "retry", kind: "throttle" });
            const answer = await retry();
            expect(answer.status).to.equal(429);
            expect(answer.headers).not.to.have.property("retry-after");
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("a fault with count 2 affects exactly two answers, then the route works", async () => {
            emulator.inject({ route: "retry", kind: "throttle", count: 2 });
            expect((await retry()).status).to.equal(429);
            expect((await retry()).status).to.equal(429);
            const third = await retry();
            expect(third.status).to.equal(200);
            expect(third.json?.job_id).to.be.a("string");
            expect(emulator.jobsCreated).to.equal(1);
            expect(retryStatuses()).to.deep.equal([429, 429, 200]);
        });

        it("status (default 503 APIG.0202): nothing processed", async () => {
            emulator.inject({ route: "retry", kind: "status" });
            const answer = await retry();
            expect(answer.status).to.equal(503);
            expect(answer.json?.error_code).to.equal("APIG.0202");
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("status with a given status and code", async () => {
            emulator.inject({ route: "retry", kind: "status", status: 504, code: "APIG.0203" });
            const answer = await retry();
            expect(answer.status).to.equal(504);
            expect(answer.json?.error_code).to.equal("APIG.0203");
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("status afterCreate: the job is started, then a 500 is answered", async () => {
            emulator.inject({ route: "retry", kind: "status", status: 500, afterCreate: true });
            const answer = await retry();
            expect(answer.status).to.equal(500);
            expect(answer.json?.error_code).to.equal("WKS.00010099");
            expect(emulator.jobsCreated).to.equal(1);
        });

        it("drop-before: the connection breaks and no job is created", async () => {
            emulator.inject({ route: "retry", kind: "drop-before" });
            const answer = await retry();
            expect(answer.error).to.equal("ECONNRESET");
            expect(emulator.jobsCreated).to.equal(0);
            expect(retryStatuses()).to.deep.equal([0]);
        });

        it("drop-after: the job is created, then the socket is destroyed without an answer", async () => {
            emulator.inject({ route: "retry", kind: "drop-after" });
            const answer = await retry();
            expect(answer.error).to.equal("ECONNRESET");
            expect(answer.status).to.equal(0);
            expect(emulator.jobsCreated).to.equal(1);
            expect(retryStatuses()).to.deep.equal([0]);
        });

        it("delay: the job is created and answered after delayMs", async () => {
            emulator.inject({ route: "retry", kind: "delay", delayMs: 150 });
            const answer = await retry();
            expect(answer.status).to.equal(200);
            expect(answer.json?.job_id).to.be.a("string");
            expect(answer.elapsedMs).to.be.at.least(140);
            expect(emulator.jobsCreated).to.equal(1);
        });

        it("delay on getJob: the job is shown after delayMs", async () => {
            emulator.inject({ route: "getJob", kind: "delay", delayMs: 120 });
            const answer = await show(FAILED_JOB);
            expect(answer.status).to.equal(200);
            expect(answer.elapsedMs).to.be.at.least(110);
        });

        it("html: an HTML 502 gateway page, nothing processed", async () => {
            emulator.inject({ route: "retry", kind: "html" });
            const answer = await retry();
            expect(answer.status).to.equal(502);
            expect(answer.headers["content-type"]).to.equal("text/html");
            expect(answer.body).to.include("<title>502 Bad Gateway</title>");
            expect(answer.json).to.equal(undefined);
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("html with another status", async () => {
            emulator.inject({ route: "getJob", kind: "html", status: 504 });
            const answer = await show(FAILED_JOB);
            expect(answer.status).to.equal(504);
            expect(answer.body).to.include("<html>");
        });

        it("malformed: 200 with a body that is not JSON, after the job was created", async () => {
            emulator.inject({ route: "retry", kind: "malformed" });
            const answer = await retry();
            expect(answer.status).to.equal(200);
            expect(answer.headers["content-type"]).to.match(/^application\/json/);
            expect(answer.json).to.equal(undefined);
            expect(emulator.jobsCreated).to.equal(1);
        });

        it("malformed on getJob: 200 with a truncated body", async () => {
            emulator.inject({ route: "getJob", kind: "malformed" });
            const answer = await show(FAILED_JOB);
            expect(answer.status).to.equal(200);
            expect(answer.json).to.equal(undefined);
        });

        it("no-job-id: 200 {} after the job was created", async () => {
            emulator.inject({ route: "retry", kind: "no-job-id" });
            const answer = await retry();
            expect(answer.status).to.equal(200);
            expect(answer.json).to.deep.equal({});
            expect(emulator.jobsCreated).to.equal(1);
        });

        it("a fault for one route does not touch the other", async () => {
            emulator.inject({ route: "getJob", kind: "throttle" });
            expect((await retry()).status).to.equal(200);
            expect((await show(FAILED_JOB)).status).to.equal(429);
            expect((await show(FAILED_JOB)).status).to.equal(200);
        });

        it("a request that fails authentication does not use up a fault", async () => {
            emulator.inject({ route: "retry", kind: "throttle" });
            const unauthenticated = await call(emulator.url, "POST", RETRY_PATH, {
                headers: { "Content-Type": "application/json", "X-Auth-Token": "bad" },
                body: '{"op_type":"retry"}',
            });
            expect(unauthenticated.status).to.equal(401);
            expect((await retry()).status).to.equal(429);
        });

        it("faults queued through the control API act the same way", async () => {
            const queued = await call(emulator.url, "POST", "/_emulator/faults", {
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify([
                    { route: "retry", kind: "drop-after" },
                    { route: "retry", kind: "throttle", retryAfterSeconds: 2 },
                ]),
            });
            expect(queued.status).to.equal(200);
            expect((await retry()).error).to.equal("ECONNRESET");
            const throttled = await retry();
            expect(throttled.status).to.equal(429);
            expect(throttled.headers["retry-after"]).to.equal("2");
            expect((await retry()).status).to.equal(200);
            const stats = await call(emulator.url, "GET", "/_emulator/stats");
            expect(stats.json).to.deep.equal({ jobsCreated: 2, requests: 3 });
        });
    });

    describe("echo-credentials, through real HTTP", () => {
        const TOKEN = "echo-test-iam-token-0000000001";
        const TEMPORARY = {
            accessKey: "ECHOTESTTEMPORARYAK1",
            secretKey: "echo-test-temporary-secret-key-000001",
            securityToken: "echo-test-security-token-0000000001",
        };
        let emulator: WorkspaceEmulator;
        const retryStatuses = () => emulator.requests.filter((req) => req.route === "retry").map((req) => req.status);

        /** A retry POST signed with the temporary key pair, as the provider's signer signs it. */
        function signedRetry(): Promise<Answer> {
            const url = `${emulator.url}${RETRY_PATH}`;
            const headers = { "Content-Type": "application/json" };
            const body = '{"op_type":"retry"}';
            const signature = signAkSk({ method: "POST", url, headers, body }, TEMPORARY, new Date());
            return call(emulator.url, "POST", RETRY_PATH, { headers: { ...headers, ...signature }, body });
        }

        before(async () => {
            emulator = await WorkspaceEmulator.start({
                tokens: [TOKEN],
                keys: { [TEMPORARY.accessKey]: { secretKey: TEMPORARY.secretKey, securityToken: TEMPORARY.securityToken } },
            });
        });
        after(() => emulator.stop());
        beforeEach(() => emulator.reset());

        it("answers a token request with 401 APIG.0301 whose error_msg repeats its X-Auth-Token; nothing processed, the log keeps it masked", async () => {
            emulator.inject({ route: "retry", kind: "echo-credentials" });
            const answer = await call(emulator.url, "POST", RETRY_PATH, {
                headers: { "X-Auth-Token": TOKEN, "Content-Type": "application/json" },
                body: '{"op_type":"retry"}',
            });
            expect(answer.status).to.equal(401);
            expect(answer.json.error_code).to.equal("APIG.0301");
            expect(answer.json.error_msg).to.include(`X-Auth-Token ${TOKEN}`);
            expect(emulator.jobsCreated).to.equal(0);
            expect(retryStatuses()).to.deep.equal([401]);
            expect(JSON.stringify(emulator.requests)).to.not.include(TOKEN);
        });

        it("answers a signed request with its access key and security token, never the secret key or the signature", async () => {
            emulator.inject({ route: "retry", kind: "echo-credentials" });
            const answer = await signedRetry();
            expect(answer.status).to.equal(401);
            expect(answer.json.error_msg)
                .to.include(`access key ${TEMPORARY.accessKey}`)
                .and.include(`X-Security-Token ${TEMPORARY.securityToken}`)
                .and.not.include(TEMPORARY.secretKey)
                .and.not.include("Signature");
            expect(emulator.requests[0].auth, "the request itself authenticated").to.equal(`aksk:${TEMPORARY.accessKey}`);
            expect(emulator.jobsCreated).to.equal(0);
            expect((await signedRetry()).status, "used up: the next retry is processed").to.equal(200);
        });

        it("takes a given status and code, on any route", async () => {
            emulator.inject({ route: "getJob", kind: "echo-credentials", status: 403, code: "APIG.0302" });
            const answer = await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/${FAILED_JOB}`, {
                headers: { "X-Auth-Token": TOKEN },
            });
            expect(answer.status).to.equal(403);
            expect(answer.json).to.deep.include({ error_code: "APIG.0302" });
            expect(answer.json.error_msg).to.include(TOKEN);
        });
    });
});
