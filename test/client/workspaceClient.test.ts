/// <reference types="mocha" />
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { Handler, Loopback } from "../support/loopback";
import { closedPort } from "../support/ports";
import { expect } from "chai";
import {
    isWorkspaceApiError,
    RetryOutcomeUnknownError,
    WorkspaceApiError,
    WorkspaceError,
    WorkspaceNetworkError,
    WorkspaceTimeoutError,
} from "../../provider/client/errors";
import { createHttpTransport } from "../../provider/client/axiosTransport";
import { createSigner } from "../../provider/client/signing";
import { WorkspaceClient, WorkspaceClientOptions } from "../../provider/client/workspaceClient";
import { WorkspaceEmulator } from "../../emulator/server";
import { DEFAULT_PROJECT_ID } from "../../emulator/jobStore";

const TOKEN = "MIIZ-test-token-7c1f0b9e-do-not-leak";
const PROJECT = "0123456789abcdef0123456789abcdef";
const JOB = "6783cecb-0e5c-4521-a3ea-825f551c1ba9";
const RETRY_PATH = `/v2/${PROJECT}/workspace-jobs/${JOB}/actions`;
const JOB_PATH = `/v2/${PROJECT}/workspace-jobs/${JOB}`;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "Content-Type": "application/json", "X-Request-Id": "req-0001", ...headers }).end(JSON.stringify(body));
}

/** Answers each request with the next of `answers`, the last one repeated. */
function sequence(...answers: Array<(res: ServerResponse) => void>): Handler {
    let index = 0;
    return (_req, res) => answers[Math.min(index++, answers.length - 1)](res);
}

const ok = (res: ServerResponse) => json(res, 200, { job_id: "new-job-1" });
const answerOk: Handler = (_req, res) => ok(res);

/** The `cause` of an error (typed here: the ES2022 lib may not be loaded). */
const causeOf = (error: Error): unknown => (error as Error & { cause?: unknown }).cause;

/** The error a call fails with: a WorkspaceError whose message and stack do not hold the token. */
async function rejection(promise: Promise<unknown>): Promise<WorkspaceError> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(WorkspaceError);
        const message = (error as Error).message;
        expect(message).not.to.include(TOKEN);
        expect((error as Error).stack ?? "").not.to.include(TOKEN);
        return error as WorkspaceError;
    }
    throw new Error("expected the call to fail");
}

describe("client/workspaceClient (against a loopback server)", () => {
    const server = new Loopback();
    let delays: number[];

    /** A client of the loopback server with only the given retry tuning: the rest is the defaults. */
    function untunedClient(retry: Partial<WorkspaceClientOptions["retry"]> = {}, overrides: Partial<WorkspaceClientOptions> = {}) {
        return new WorkspaceClient({
            endpoint: server.url,
            projectId: PROJECT,
            signer: createSigner({ kind: "token", token: TOKEN }),
            transport: createHttpTransport(),
            sleep: async (ms) => {
                delays.push(ms);
            },
            now: () => new Date("2024-01-01T00:00:00Z"),
            ...overrides,
            retry,
        });
    }

    /** A client of the loopback server: jitter at half, 3 retries. */
    function client(
        overrides: Partial<WorkspaceClientOptions> = {},
        retry: Partial<WorkspaceClientOptions["retry"]> = {},
    ): WorkspaceClient {
        return untunedClient({ random: () => 0.5, maxRetries: 3, ...retry }, overrides);
    }

    before(() => server.start());
    after(() => server.stop());
    beforeEach(() => {
        delays = [];
    });
    afterEach(() => server.reset());

    describe("retryJob request", () => {
        it("sends exactly one POST with the retry body, JSON content type and the token", async () => {
            server.handler = (_req, res) => json(res, 200, { job_id: "new-job-1" }, { "X-Request-Id": "rid-accepted" });
            const result = await client().retryJob(JOB);
            expect(result).to.deep.equal({ newJobId: "new-job-1", requestId: "rid-accepted", attempts: 1, totalDelayMs: 0 });
            expect(server.received).to.have.length(1);
            const [req] = server.received;
            expect(req.method).to.equal("POST");
            expect(req.url).to.equal(RETRY_PATH);
            expect(req.body).to.equal('{"op_type":"retry"}');
            expect(JSON.parse(req.body)).to.deep.equal({ op_type: "retry" });
            expect(req.headers["content-type"]).to.equal("application/json");
            expect(req.headers["x-auth-token"]).to.equal(TOKEN);
            expect(req.headers["x-project-id"]).to.equal(PROJECT);
            expect(req.headers.authorization).to.equal(undefined);
            expect(delays).to.deep.equal([]);
        });

        it("keeps a base path of the endpoint", async () => {
            server.handler = answerOk;
            await client({ endpoint: `${server.url}/gateway/workspace` }).retryJob(JOB);
            expect(server.received[0].url).to.equal(`/gateway/workspace${RETRY_PATH}`);
        });

        it("a 200 without job_id is an error, not retried", async () => {
            server.handler = (_req, res) => json(res, 200, {}, { "X-Request-Id": "rid-empty" });
            const error = await rejection(client().retryJob(JOB));
            expect(error).to.be.instanceOf(WorkspaceApiError);
            expect(error.message).to.include(`call=POST ${server.url}${RETRY_PATH}`);
            expect(error.message).to.include("HTTP 200");
            expect(error.message).to.include("no usable job_id");
            expect(error.message).to.include("request_id=rid-empty");
            expect(server.received).to.have.length(1);
        });

        it("a 200 with a job_id that is not a safe id is an error", async () => {
            server.handler = (_req, res) => json(res, 200, { job_id: "../../etc" });
            const error = await rejection(client().retryJob(JOB));
            expect(error.message).to.include("no usable job_id");
            expect(error.message).to.include("../../etc");
        });

        it("a 200 with a non-JSON body is described as not JSON", async () => {
            server.handler = (_req, res) => res.writeHead(200, { "Content-Type": "text/plain" }).end("accepted");
            const error = await rejection(client().retryJob(JOB));
            expect(error.message).to.include("not JSON");
            expect(error.message).to.include("text/plain");
        });
    });

    describe("getJob request", () => {
        it("sends a GET to the job path and parses the job", async () => {
            server.handler = (_req, res) =>
                json(res, 200, {
                    id: JOB,
                    job_type: "applyWorkspace",
                    status: "RUNNING",
                    fail_reason: "",
                    sub_jobs: [{ id: "s1", status: "RUNNING" }],
                });
            const job = await client().getJob(JOB);
            expect(job).to.deep.include({ id: JOB, jobType: "applyWorkspace", status: "RUNNING", attempts: 1, totalDelayMs: 0 });
            expect(job.subJobs).to.deep.equal([{ id: "s1", status: "RUNNING", failReason: "" }]);
            expect(server.received.map((req) => `${req.method} ${req.url}`)).to.deep.equal([`GET ${JOB_PATH}`]);
            expect(server.received[0].headers["x-auth-token"]).to.equal(TOKEN);
        });

        it("a 200 with an HTML body is an error, not a parse crash", async () => {
            server.handler = (_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<html><title>Portal</title></html>");
            const error = await rejection(client().getJob(JOB));
            expect(error).to.be.instanceOf(WorkspaceApiError);
            expect(error.message).to.include("not JSON");
            expect(error.message).to.include("Portal");
        });
    });

    describe("error messages", () => {
        it("have a short first line, then the call, status, error_code, error_msg, request id and encoded_authorization_message as labelled details", async () => {
            server.handler = (_req, res) =>
                json(
                    res,
                    403,
                    {
                        error_code: "WKS.00010403",
                        error_msg: "Forbidden:\nno\tpermission",
                        encoded_authorization_message: "ENCODED-AUTH-abc123==",
                    },
                    { "X-Request-Id": "rid-403-xyz" },
                );
            const error = (await rejection(client().retryJob(JOB))) as WorkspaceApiError;
            expect(error).to.be.instanceOf(WorkspaceApiError);
            const [first, ...details] = error.message.split("\n");
            expect(first).to.equal(`Workspace retry of job ${JOB} failed: HTTP 403 WKS.00010403`);
            expect(
                details.every((line) => /^ {4}[a-z_]+=\S/.test(line)),
                error.message,
            ).to.equal(true);
            expect(error.message).to.include(`call=POST ${server.url}${RETRY_PATH}`);
            expect(error.message).to.include("error_code=WKS.00010403");
            expect(error.message).to.include('error_msg="Forbidden:\\nno\\tpermission"');
            expect(error.message).to.include("request_id=rid-403-xyz");
            expect(error.message).to.include("encoded_authorization_message=ENCODED-AUTH-abc123==");
            expect(error).to.include({
                status: 403,
                code: "WKS.00010403",
                requestId: "rid-403-xyz",
                encodedAuthorizationMessage: "ENCODED-AUTH-abc123==",
            });
            expect(isWorkspaceApiError(error)).to.equal(true);
            expect(server.received).to.have.length(1);
        });

        it("a 403 hints at the workspace:jobs:retry permission", async () => {
            server.handler = (_req, res) => json(res, 403, { error_code: "APIG.0302", error_msg: "not authorized" });
            const error = await rejection(client().retryJob(JOB));
            expect(error.message).to.include("hint=");
            expect(error.message).to.include("workspace:jobs:retry");
        });

        it("a 403 on a GET hints at workspace:jobs:get", async () => {
            server.handler = (_req, res) => json(res, 403, { error_code: "APIG.0302", error_msg: "not authorized" });
            const error = await rejection(client().getJob(JOB));
            expect(error.message).to.include("workspace:jobs:get");
        });

        it("a 401 APIG.0307 hints that the token expired, and is not retried", async () => {
            server.handler = (_req, res) => json(res, 401, { error_code: "APIG.0307", error_msg: "The token must be updated." });
            const error = (await rejection(client().retryJob(JOB))) as WorkspaceApiError;
            expect(error.message).to.include("HTTP 401");
            expect(error.message).to.include("error_code=APIG.0307");
            expect(error.message).to.include("expired");
            expect(error.message).to.include("refresh");
            expect(error.message.split("\n")[0]).to.equal(`Workspace retry of job ${JOB} failed: HTTP 401 APIG.0307`);
            expect(error.attempts).to.equal(1);
            expect(server.received).to.have.length(1);
            expect(delays).to.deep.equal([]);
        });

        it("a 401 is never retried, not even on a GET", async () => {
            server.handler = (_req, res) =>
                json(res, 401, { error_code: "APIG.0301", error_msg: "Incorrect IAM authentication information" });
            const error = await rejection(client({}, { maxRetries: 5 }).getJob(JOB));
            expect(error.message).to.include("rejected");
            expect(error.message).to.include("Not retried");
            expect(server.received).to.have.length(1);
            expect(delays).to.deep.equal([]);
        });

        it("reads the nested IAM error form and says when there was no request id", async () => {
            server.handler = (_req, res) =>
                res
                    .writeHead(404, { "Content-Type": "application/json" })
                    .end(JSON.stringify({ error: { code: "IAM.0001", message: "nope" } }));
            const error = await rejection(client().getJob(JOB));
            expect(error.message).to.include("error_code=IAM.0001");
            expect(error.message).to.include('error_msg="nope"');
            expect(error.message).to.include("request_id=(none)");
        });

        it("an HTML 502 page is described as not JSON, with its title, without crashing", async () => {
            const page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
            server.handler = (_req, res) => res.writeHead(502, { "Content-Type": "text/html", "X-Request-Id": "rid-html" }).end(page);
            const error = (await rejection(client({}, { maxRetries: 0 }).getJob(JOB))) as WorkspaceApiError;
            expect(error).to.be.instanceOf(WorkspaceApiError);
            expect(error.status).to.equal(502);
            expect(error.code).to.equal("");
            expect(error.message).to.include("HTTP 502");
            expect(error.message).to.include("error_code=(none)");
            expect(error.message).to.include("not JSON");
            expect(error.message).to.include("text/html");
            expect(error.message).to.include("502 Bad Gateway");
            expect(error.message).to.include("request_id=rid-html");
            expect(error.message).not.to.include("<h1>");
        });

        it("mentions the number of attempts when there were several", async () => {
            server.handler = (_req, res) => json(res, 503, { error_code: "APIG.0202", error_msg: "unavailable" });
            const error = await rejection(client({}, { maxRetries: 2 }).getJob(JOB));
            expect(error.message).to.include("attempts=3");
            expect(error.attempts).to.equal(3);
        });
    });

    describe("retry policy", () => {
        it("429 twice then 200: succeeds on attempt 3 with exactly 3 requests and the backoff delays recorded", async () => {
            const throttled = (res: ServerResponse) => json(res, 429, { error_code: "APIG.0308", error_msg: "throttled" });
            server.handler = sequence(throttled, throttled, ok);
            const result = await client().retryJob(JOB);
            expect(result.newJobId).to.equal("new-job-1");
            expect(result.attempts).to.equal(3);
            expect(server.received).to.have.length(3);
            expect(server.received.every((req) => req.method === "POST" && req.url === RETRY_PATH)).to.equal(true);
            // full jitter with random 0.5: 0.5 * 500, 0.5 * 1000
            expect(delays).to.deep.equal([250, 500]);
            expect(result.totalDelayMs).to.equal(750);
        });

        it("untuned (the defaults): 5 retries, full-jitter delays from 500 ms doubling to a 20 s cap, within a 120 s budget", async () => {
            server.handler = (_req, res) => json(res, 429, { error_code: "APIG.0308", error_msg: "throttled" });
            const error = (await rejection(untunedClient().getJob(JOB))) as WorkspaceApiError;
            expect(error.attempts).to.equal(6);
            expect(server.received).to.have.length(6);
            expect(delays).to.have.length(5);
            delays.forEach((delay, retry) => expect(delay, `delay before retry ${retry + 1}`).to.be.within(0, 500 * 2 ** retry));

            // The jitter's ceiling each time, and more retries allowed: the delays are the bounds
            // themselves, up to the cap, until the budget (waits so far + the next wait + the next
            // attempt's whole 30 s timeout must fit in 120 s) ends the call.
            delays.length = 0;
            const stopped = (await rejection(untunedClient({ random: () => 1, maxRetries: 20 }).getJob(JOB))) as WorkspaceApiError;
            expect(delays).to.deep.equal([500, 1000, 2000, 4000, 8000, 16000, 20000, 20000]);
            expect(stopped.attempts).to.equal(9);
            expect(stopped.totalDelayMs).to.equal(71_500);
        });

        it("honours Retry-After as a floor", async () => {
            server.handler = sequence(
                (res) => json(res, 429, { error_code: "APIG.0308", error_msg: "throttled" }, { "Retry-After": "4" }),
                ok,
            );
            const result = await client().retryJob(JOB);
            expect(delays).to.deep.equal([4000]);
            expect(result).to.include({ attempts: 2, totalDelayMs: 4000 });
        });

        it("honours an HTTP-date Retry-After against the injected clock", async () => {
            server.handler = sequence(
                (res) =>
                    json(
                        res,
                        503,
                        { error_code: "APIG.0613", error_msg: "IAM unavailable" },
                        { "Retry-After": "Mon, 01 Jan 2024 00:00:07 GMT" },
                    ),
                ok,
            );
            await client().retryJob(JOB);
            expect(delays).to.deep.equal([7000]);
        });

        it("a Retry-After beyond the budget stops the retries and reports the throttling", async () => {
            server.handler = (_req, res) => json(res, 429, { error_code: "APIG.0308", error_msg: "throttled" }, { "Retry-After": "600" });
            const error = (await rejection(client({}, { budgetMs: 60_000 }).retryJob(JOB))) as WorkspaceApiError;
            expect(error.status).to.equal(429);
            expect(error.retryAfterSeconds).to.equal(600);
            expect(error.message).to.include("throttling");
            expect(server.received).to.have.length(1);
            expect(delays).to.deep.equal([]);
        });

        it("gives up after maxRetries retries", async () => {
            server.handler = (_req, res) => json(res, 503, { error_code: "APIG.0613", error_msg: "IAM unavailable" });
            const error = (await rejection(client({}, { maxRetries: 2 }).retryJob(JOB))) as WorkspaceApiError;
            expect(error.status).to.equal(503);
            expect(error.attempts).to.equal(3);
            expect(error.totalDelayMs).to.equal(750);
            expect(server.received).to.have.length(3);
            expect(delays).to.deep.equal([250, 500]);
        });

        it("POST answered 500: RetryOutcomeUnknownError after exactly 1 request", async () => {
            server.handler = (_req, res) =>
                json(res, 500, { error_code: "WKS.00010099", error_msg: "internal" }, { "X-Request-Id": "rid-500" });
            const error = await rejection(client().retryJob(JOB));
            expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
            expect(error.name).to.equal("RetryOutcomeUnknownError");
            expect((error as RetryOutcomeUnknownError).jobId).to.equal(JOB);
            expect(error.message.split("\n")[0]).to.equal(
                `Outcome unknown: the retry of job ${JOB} may have started a job (HTTP 500 WKS.00010099); not sent again.`,
            );
            expect(error.message).to.include("rid-500");
            expect(error.message).to.include("not sent again");
            expect(error.message).to.include(`GET /v2/${PROJECT}/workspaces`);
            // The client speaks Workspace: Pulumi advice is the provider host's to add.
            expect(error.message).to.not.include("adoptJobId").and.not.include("pulumi up");
            expect(causeOf(error)).to.be.instanceOf(WorkspaceApiError);
            expect(server.received).to.have.length(1);
            expect(delays).to.deep.equal([]);
        });

        it("POST whose connection is destroyed after the server received it: RetryOutcomeUnknownError, 1 request", async () => {
            server.handler = (_req, _res, raw) => raw.socket.destroy();
            const error = await rejection(client().retryJob(JOB));
            expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
            expect(error.message).to.include("network error");
            expect(causeOf(error)).to.be.instanceOf(WorkspaceNetworkError);
            expect(server.received).to.have.length(1);
            expect(server.received[0].body).to.equal('{"op_type":"retry"}');
            expect(delays).to.deep.equal([]);
        });

        it("GET whose connection is destroyed is retried and then succeeds", async () => {
            let n = 0;
            server.handler = (_req, res, raw) => (n++ === 0 ? raw.socket.destroy() : json(res, 200, { id: JOB, status: "SUCCESS" }));
            const job = await client().getJob(JOB);
            expect(job.status).to.equal("SUCCESS");
            expect(job.attempts).to.equal(2);
            expect(server.received).to.have.length(2);
        });

        it("connection refused: the POST is retried (nothing was sent), then fails with WorkspaceNetworkError", async () => {
            const port = await closedPort();
            const error = await rejection(client({ endpoint: `http://127.0.0.1:${port}` }, { maxRetries: 2 }).retryJob(JOB));
            expect(error).to.be.instanceOf(WorkspaceNetworkError);
            expect((error as WorkspaceNetworkError).errno).to.equal("ECONNREFUSED");
            expect(error.failure).to.equal("unreachable");
            expect(error.attempts).to.equal(3);
            expect(error.message).to.include("ECONNREFUSED");
            expect(error.message).to.include("attempts=3");
            expect(delays).to.deep.equal([250, 500]);
        });

        it("GET answered 500 then 200 is retried", async () => {
            server.handler = sequence(
                (res) => json(res, 500, { error_code: "WKS.00010099", error_msg: "internal" }),
                (res) => json(res, 200, { id: JOB, status: "RUNNING" }),
            );
            const job = await client().getJob(JOB);
            expect(job.status).to.equal("RUNNING");
            expect(job.attempts).to.equal(2);
            expect(server.received.map((req) => req.method)).to.deep.equal(["GET", "GET"]);
            expect(delays).to.deep.equal([250]);
        });

        it("a 404 or 400 is not retried", async () => {
            server.handler = (_req, res) => json(res, 404, { error_code: "WKS.00010023", error_msg: "no such job" });
            const notFound = (await rejection(client().getJob(JOB))) as WorkspaceApiError;
            expect(notFound.status).to.equal(404);
            expect(notFound.message).to.include("no such job in this project");
            server.handler = (_req, res) => json(res, 400, { error_code: "WKS.00010010", error_msg: "not FAILED" });
            const badRequest = await rejection(client().retryJob(JOB));
            expect(badRequest.message).to.include("only FAILED registration (applyWorkspace) and deregistration (cancelWorkspace) jobs");
            expect(server.received).to.have.length(2);
        });
    });

    describe("request timeout", () => {
        const hang: Handler = () => undefined;

        it("POST that never gets an answer: RetryOutcomeUnknownError after 1 request", async () => {
            server.handler = hang;
            const started = Date.now();
            const error = await rejection(client({ requestTimeoutMs: 200 }).retryJob(JOB));
            expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
            expect(error.message).to.include("no answer within 200 ms");
            expect(causeOf(error)).to.be.instanceOf(WorkspaceTimeoutError);
            expect(server.received).to.have.length(1);
            expect(Date.now() - started).to.be.below(5_000);
        });

        it("GET that never gets an answer is retried, then fails with WorkspaceTimeoutError", async () => {
            server.handler = hang;
            const error = await rejection(client({ requestTimeoutMs: 200 }, { maxRetries: 2 }).getJob(JOB));
            expect(error).to.be.instanceOf(WorkspaceTimeoutError);
            expect((error as WorkspaceTimeoutError).timeoutMs).to.equal(200);
            expect(error.failure).to.equal("timeout");
            expect(error.attempts).to.equal(3);
            expect(server.received).to.have.length(3);
            expect(delays).to.deep.equal([250, 500]);
        });

        it("GET that times out once and then answers succeeds", async () => {
            let n = 0;
            server.handler = (_req, res) => {
                if (n++ > 0) json(res, 200, { id: JOB, status: "SUCCESS" });
            };
            const job = await client({ requestTimeoutMs: 200 }).getJob(JOB);
            expect(job.status).to.equal("SUCCESS");
            expect(job.attempts).to.equal(2);
        });

        it("a server that trickles its body cannot outlast the deadline", async () => {
            server.handler = (_req, res) => {
                res.writeHead(200, { "Content-Type": "application/json" });
                res.write('{"job_id":');
                // never ends
            };
            const error = await rejection(client({ requestTimeoutMs: 300 }).retryJob(JOB));
            expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
            expect(server.received).to.have.length(1);
        });
    });

    describe("secrets", () => {
        const failures: Array<[string, Handler]> = [
            ["a 403 with a Huawei error body", (_req, res) => json(res, 403, { error_code: "APIG.0302", error_msg: "not authorized" })],
            ["a 401", (_req, res) => json(res, 401, { error_code: "APIG.0301", error_msg: "Incorrect IAM authentication information" })],
            ["an HTML 502 page", (_req, res) => res.writeHead(502, { "Content-Type": "text/html" }).end("<title>502</title>")],
            ["a 200 that is not JSON", (_req, res) => res.writeHead(200, { "Content-Type": "text/plain" }).end("accepted")],
            ["a 500 (outcome unknown on the POST)", (_req, res) => json(res, 500, { error_code: "WKS.00010099", error_msg: "internal" })],
            ["a connection destroyed after the request", (_req, _res, raw) => raw.socket.destroy()],
            ["no answer within the deadline", () => undefined],
        ];

        it("no error of any kind, on a POST or a GET, holds the token: message, stack or anywhere in its cause chain", async () => {
            const quick = client({ requestTimeoutMs: 200 }, { maxRetries: 0 });
            for (const [what, handler] of failures) {
                server.handler = handler;
                for (const error of [await rejection(quick.retryJob(JOB)), await rejection(quick.getJob(JOB))]) {
                    expect(inspect(error, { depth: 20 }), what).not.to.include(TOKEN);
                }
            }
            expect(server.received.every((req) => req.headers["x-auth-token"] === TOKEN)).to.equal(true);
            expect(server.received).to.have.length(failures.length * 2);
        });

        it("a transport error never holds the X-Auth-Token anywhere in its cause chain", async () => {
            server.handler = (_req, _res, raw) => raw.socket.destroy();
            const error = await rejection(client({}, { maxRetries: 0 }).getJob(JOB));
            expect(inspect(error, { depth: 20 })).not.to.include(TOKEN);
        });
    });
});

describe("client/workspaceClient (against the emulator)", () => {
    let emulator: WorkspaceEmulator;
    let delays: number[];

    function client(requestTimeoutMs = 2_000): WorkspaceClient {
        return new WorkspaceClient({
            endpoint: emulator.url,
            projectId: DEFAULT_PROJECT_ID,
            signer: createSigner({ kind: "token", token: "emulator-token" }),
            transport: createHttpTransport(),
            sleep: async (ms) => {
                delays.push(ms);
            },
            requestTimeoutMs,
            retry: { random: () => 0.5, maxRetries: 3 },
        });
    }

    before(async () => {
        emulator = await WorkspaceEmulator.start({ port: 0, timing: { initMs: 0, runMs: 0 } });
    });
    after(() => emulator.stop());
    beforeEach(() => {
        emulator.reset();
        delays = [];
    });

    it("retries a seeded failed job and reads the new job", async () => {
        const result = await client().retryJob(JOB);
        expect(emulator.jobsCreated).to.equal(1);
        const job = await client().getJob(result.newJobId);
        expect(job).to.deep.include({ id: result.newJobId, jobType: "applyWorkspace", status: "SUCCESS" });
        expect(job.subJobs.map((sub) => sub.status)).to.deep.equal(["SUCCESS", "SUCCESS"]);
    });

    it("throttled twice: one job created, three POSTs", async () => {
        emulator.inject({ route: "retry", kind: "throttle", count: 2 });
        const result = await client().retryJob(JOB);
        expect(result.attempts).to.equal(3);
        expect(emulator.jobsCreated).to.equal(1);
        expect(emulator.requests.filter((req) => req.route === "retry").map((req) => req.status)).to.deep.equal([429, 429, 200]);
        expect(delays).to.deep.equal([250, 500]);
    });

    it("a 503 APIG.0613 (stopped at the gateway) is sent again: one job created", async () => {
        emulator.inject({ route: "retry", kind: "status", status: 503, code: "APIG.0613" });
        await client().retryJob(JOB);
        expect(emulator.jobsCreated).to.equal(1);
        expect(emulator.requests.filter((req) => req.route === "retry")).to.have.length(2);
    });

    for (const status of [502, 503, 504]) {
        it(`a gateway ${status} (APIG.0202) is outcome unknown: one POST, never a second`, async () => {
            emulator.inject({ route: "retry", kind: "status", status, code: "APIG.0202" });
            const error = await rejection(client().retryJob(JOB));
            expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
            expect(emulator.requests.filter((req) => req.route === "retry")).to.have.length(1);
        });
    }

    it("the POST goes on a connection of its own, GETs reuse pooled ones", async () => {
        const c = client();
        await c.getJob(JOB);
        await c.getJob(JOB);
        await c.retryJob(JOB);
        await c.retryJob("a3c2d8f0-5b1e-4c7a-9f3d-2e6b8c4a1d70");
        const ports = emulator.requests.filter((req) => req.route !== "control").map((req) => `${req.route}:${req.remotePort}`);
        const [get1, get2, post1, post2] = ports.map((entry) => entry.split(":")[1]);
        expect(get1, ports.join(" ")).to.equal(get2);
        expect(new Set([get1, post1, post2]).size, ports.join(" ")).to.equal(3);
    });

    it("a 500 after the job was created: outcome unknown, no second POST, one job", async () => {
        emulator.inject({ route: "retry", kind: "status", status: 500, afterCreate: true });
        const error = await rejection(client().retryJob(JOB));
        expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
        expect(emulator.jobsCreated).to.equal(1);
        expect(emulator.requests.filter((req) => req.route === "retry")).to.have.length(1);
    });

    it("connection dropped after the job was created: outcome unknown, no second POST, one job", async () => {
        emulator.inject({ route: "retry", kind: "drop-after" });
        const error = await rejection(client().retryJob(JOB));
        expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
        expect(emulator.jobsCreated).to.equal(1);
        expect(emulator.requests.filter((req) => req.route === "retry")).to.have.length(1);
    });

    it("an HTML 502 on a GET is retried", async () => {
        const { newJobId } = await client().retryJob(JOB);
        emulator.inject({ route: "getJob", kind: "html" });
        const job = await client().getJob(newJobId);
        expect(job.attempts).to.equal(2);
        expect(job.id).to.equal(newJobId);
    });

    it("an answer delayed past the request timeout: outcome unknown, one POST, one job", async () => {
        emulator.inject({ route: "retry", kind: "delay", delayMs: 600 });
        const quick = client(200);
        const error = await rejection(quick.retryJob(JOB));
        expect(error).to.be.instanceOf(RetryOutcomeUnknownError);
        expect(emulator.jobsCreated).to.equal(1);
        expect(emulator.requests.filter((req) => req.route === "retry")).to.have.length(1);
    });

    it("a malformed 200 body: an error that says it was not JSON; the job was created once", async () => {
        emulator.inject({ route: "retry", kind: "malformed" });
        const error = await rejection(client().retryJob(JOB));
        expect(error).to.be.instanceOf(WorkspaceApiError);
        expect(error.message).to.include("not JSON");
        expect(emulator.jobsCreated).to.equal(1);
    });

    it("a 200 without job_id: a RetryJobIdMissingError that says where the job is named; the job was created once", async () => {
        emulator.inject({ route: "retry", kind: "no-job-id" });
        const error = await rejection(client().retryJob(JOB));
        expect(error.name).to.equal("RetryJobIdMissingError");
        expect(isWorkspaceApiError(error)).to.equal(true);
        expect(error.message).to.include("no usable job_id");
        expect(error.message).to.include("the service's job_id or the task list names it");
        expect(error.message).to.match(/request_id=[0-9a-f]{32}/);
        expect(emulator.jobsCreated).to.equal(1);
    });

    it("reads the Workspace service's state: the documented fields, missing ones tolerated", async () => {
        const service = await client().getWorkspaceService();
        expect(service).to.include({ status: "SUBSCRIPTION_FAILED", jobId: JOB, closable: true });
        expect(service.failReason).to.include("quota exceeded");
        emulator.setService(DEFAULT_PROJECT_ID, { status: "SUBSCRIBED", jobId: "" });
        expect(await client().getWorkspaceService()).to.include({ status: "SUBSCRIBED", jobId: "" });
    });

    it("a 404 of the service read says the endpoint does not serve it; a 403 names workspace:workspaces:list", async () => {
        emulator.inject({ route: "getWorkspaces", kind: "status", status: 404, code: "APIG.0101" });
        const missing = await rejection(client().getWorkspaceService());
        expect(missing.message).to.include("HTTP 404 APIG.0101").and.include("does not serve the Workspace service's state");
        emulator.inject({ route: "getWorkspaces", kind: "status", status: 403, code: "APIG.0302" });
        const refused = await rejection(client().getWorkspaceService());
        expect(refused.message).to.include("grant the IAM action workspace:workspaces:list");
    });
});
