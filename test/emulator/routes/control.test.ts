/// <reference types="mocha" />
import { expect } from "chai";
import { call } from "../../support/http";
import { DEFAULT_PROJECT_ID, DEFAULT_SEED } from "../../../emulator/jobStore";
import { DEFAULT_TOKEN, WorkspaceEmulator } from "../../../emulator/server";

const AUTH = { "X-Auth-Token": DEFAULT_TOKEN, "Content-Type": "application/json" };
const JSON_HEADERS = { "Content-Type": "application/json" };
const FAILED_JOB = DEFAULT_SEED[0].id as string;
const retryPath = (jobId: string, projectId = DEFAULT_PROJECT_ID) => `/v2/${projectId}/workspace-jobs/${jobId}/actions`;

describe("emulator/routes/control (the /_emulator API)", () => {
    let emulator: WorkspaceEmulator;
    const control = (method: string, path: string, body?: unknown) =>
        call(emulator.url, method, `/_emulator${path}`, {
            headers: JSON_HEADERS,
            body: body === undefined ? undefined : JSON.stringify(body),
        });
    const retry = (jobId = FAILED_JOB, projectId = DEFAULT_PROJECT_ID) =>
        call(emulator.url, "POST", retryPath(jobId, projectId), { headers: AUTH, body: '{"op_type":"retry"}' });

    before(async () => {
        emulator = await WorkspaceEmulator.start({ port: 0 });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.reset());

    it("needs no authentication and is not itself logged", async () => {
        const stats = await control("GET", "/stats");
        expect(stats.status).to.equal(200);
        expect(stats.json).to.deep.equal({ jobsCreated: 0, requests: 0 });
        expect((await control("GET", "/requests")).json).to.deep.equal({ requests: [] });
    });

    it("GET /requests lists API requests in order with method, url, route, body, auth and status", async () => {
        await retry();
        await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/missing`, { headers: AUTH });
        const { json } = await control("GET", "/requests");
        const requests = json.requests as Array<Record<string, unknown>>;
        expect(requests.map((req) => [req.seq, req.method, req.url, req.route, req.status, req.auth])).to.deep.equal([
            [1, "POST", retryPath(FAILED_JOB), "retry", 200, "token"],
            [2, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/missing`, "getJob", 404, "token"],
        ]);
        expect(requests[0].body).to.equal('{"op_type":"retry"}');
        expect(new Date(requests[0].at as string).toString()).not.to.equal("Invalid Date");
    });

    it("the request log masks x-auth-token and never holds the token", async () => {
        await retry();
        await call(emulator.url, "POST", retryPath(FAILED_JOB), {
            headers: { ...AUTH, "X-Auth-Token": "wrong-token-value-42" },
            body: '{"op_type":"retry"}',
        });
        const answer = await control("GET", "/requests");
        const requests = answer.json.requests as Array<{ headers: Record<string, string>; status: number; auth: string }>;
        expect(requests).to.have.length(2);
        for (const req of requests) {
            expect(req.headers["x-auth-token"]).to.equal("(present)");
            expect(req.headers["content-type"]).to.equal("application/json");
        }
        expect(requests[1]).to.deep.include({ status: 401, auth: "" });
        const text = JSON.stringify(answer.json);
        expect(text).not.to.include(DEFAULT_TOKEN);
        expect(text).not.to.include("wrong-token-value-42");
        expect(JSON.stringify(emulator.requests)).not.to.include(DEFAULT_TOKEN);
    });

    it("DELETE /requests clears the log", async () => {
        await retry();
        expect((await control("DELETE", "/requests")).status).to.equal(200);
        expect((await control("GET", "/requests")).json.requests).to.deep.equal([]);
        expect((await control("GET", "/stats")).json).to.deep.equal({ jobsCreated: 1, requests: 0 });
    });

    it("GET /stats counts created jobs and logged requests", async () => {
        await retry();
        await retry();
        await retry("no-such-job");
        expect((await control("GET", "/stats")).json).to.deep.equal({ jobsCreated: 2, requests: 3 });
    });

    it("POST /jobs seeds a job (201) that can then be retried", async () => {
        const seeded = await control("POST", "/jobs", {
            id: "seeded-job-1",
            projectId: "proj-seed",
            jobType: "cancelWorkspace",
            status: "FAILED",
            failReason: "boom",
        });
        expect(seeded.status).to.equal(201);
        expect(seeded.json).to.include({ id: "seeded-job-1", job_type: "cancelWorkspace", status: "FAILED", fail_reason: "boom" });
        const answer = await retry("seeded-job-1", "proj-seed");
        expect(answer.status).to.equal(200);
        expect(emulator.jobsCreated).to.equal(1);
    });

    it("POST /jobs with defaults seeds a FAILED applyWorkspace job in the default project with a fresh id", async () => {
        const seeded = await control("POST", "/jobs", {});
        expect(seeded.status).to.equal(201);
        expect(seeded.json).to.include({ job_type: "applyWorkspace", status: "FAILED" });
        expect(seeded.json.id)
            .to.be.a("string")
            .and.match(/^[0-9a-f-]{36}$/);
        expect((await retry(seeded.json.id as string)).status).to.equal(200);
    });

    it("POST /jobs with a retryOutcome decides how its retries end, over the store-wide outcome", async () => {
        const original = { ...emulator.store.timing };
        try {
            await control("PUT", "/timing", { initMs: 0, runMs: 0, outcome: "SUCCESS" });
            const seeded = await control("POST", "/jobs", { id: "will-fail-again", retryOutcome: "FAILED" });
            expect(seeded.status).to.equal(201);
            const newJobId = (await retry("will-fail-again")).json.job_id as string;
            const job = await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/${newJobId}`, { headers: AUTH });
            expect(job.json.status).to.equal("FAILED");
        } finally {
            Object.assign(emulator.store.timing, original);
        }
    });

    it("GET /jobs lists every job with its project and origin", async () => {
        const newJobId = (await retry()).json.job_id as string;
        const jobs = (await control("GET", "/jobs")).json.jobs as Array<Record<string, unknown>>;
        expect(jobs.map((job) => job.id)).to.include.members([...DEFAULT_SEED.map((job) => job.id as string), newJobId]);
        expect(jobs.find((job) => job.id === newJobId)).to.include({
            project_id: DEFAULT_PROJECT_ID,
            retried_from: FAILED_JOB,
            job_type: "applyWorkspace",
        });
    });

    it("POST /faults queues one fault or several; GET lists them; DELETE clears them", async () => {
        const one = await control("POST", "/faults", { route: "retry", kind: "throttle", count: 2 });
        expect(one.status).to.equal(200);
        expect(one.json.faults).to.deep.equal([{ route: "retry", kind: "throttle", count: 2 }]);
        await control("POST", "/faults", [
            { route: "getJob", kind: "html" },
            { route: "retry", kind: "delay", delayMs: 5 },
        ]);
        expect((await control("GET", "/faults")).json.faults).to.deep.equal([
            { route: "retry", kind: "throttle", count: 2 },
            { route: "getJob", kind: "html", count: 1 },
            { route: "retry", kind: "delay", delayMs: 5, count: 1 },
        ]);
        expect((await retry()).status).to.equal(429);
        expect((await control("GET", "/faults")).json.faults).to.deep.include({ route: "retry", kind: "throttle", count: 1 });
        expect((await control("DELETE", "/faults")).status).to.equal(200);
        expect((await control("GET", "/faults")).json.faults).to.deep.equal([]);
        expect((await retry()).status).to.equal(200);
    });

    it("POST /faults takes every kind the emulator applies, echo-credentials included, and refuses an unknown one, naming the kinds", async () => {
        const echo = await control("POST", "/faults", { route: "getWorkspaces", kind: "echo-credentials", status: 403 });
        expect(echo.status).to.equal(200);
        expect(echo.json.faults).to.deep.equal([{ route: "getWorkspaces", kind: "echo-credentials", status: 403, count: 1 }]);
        const answer = await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspaces`, { headers: AUTH });
        expect(answer.status).to.equal(403);
        expect(answer.json.error_msg).to.include(DEFAULT_TOKEN);

        const unknown = await control("POST", "/faults", [
            { route: "retry", kind: "throttle" },
            { route: "retry", kind: "echo-everything" },
        ]);
        expect(unknown.status).to.equal(400);
        expect(unknown.json.error_msg).to.include('"echo-everything"').and.include('"echo-credentials"');
        expect((await control("GET", "/faults")).json.faults, "nothing of a refused batch is queued").to.deep.equal([]);
    });

    it("PUT /timing changes how new jobs behave", async () => {
        const original = { ...emulator.store.timing };
        try {
            const answer = await control("PUT", "/timing", { initMs: 0, runMs: 0, outcome: "FAILED" });
            expect(answer.json).to.include({ initMs: 0, runMs: 0, outcome: "FAILED" });
            const newJobId = (await retry()).json.job_id as string;
            const job = await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/${newJobId}`, { headers: AUTH });
            expect(job.json.status).to.equal("FAILED");
        } finally {
            Object.assign(emulator.store.timing, original);
        }
    });

    it("POST /reset clears requests, faults and the created-jobs count, and keeps the jobs", async () => {
        const newJobId = (await retry()).json.job_id as string;
        await control("POST", "/faults", { route: "retry", kind: "throttle", count: 3 });
        expect((await control("POST", "/reset")).status).to.equal(200);
        expect((await control("GET", "/stats")).json).to.deep.equal({ jobsCreated: 0, requests: 0 });
        expect((await control("GET", "/faults")).json.faults).to.deep.equal([]);
        expect((await control("GET", "/requests")).json.requests).to.deep.equal([]);
        const job = await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/${newJobId}`, { headers: AUTH });
        expect(job.status).to.equal(200);
    });

    it("an unknown control route is a 404 in Huawei's error format", async () => {
        const answer = await control("GET", "/nothing-here");
        expect(answer.status).to.equal(404);
        expect(answer.json.error_code).to.equal("APIG.0101");
        expect(answer.json.error_msg).to.include("GET /nothing-here");
    });

    it("a control body that is not JSON is a 400", async () => {
        const answer = await call(emulator.url, "POST", "/_emulator/faults", { headers: JSON_HEADERS, body: "{not json" });
        expect(answer.status).to.equal(400);
        expect(answer.json.error_code).to.equal("WKS.00010001");
        expect((await control("GET", "/faults")).json.faults).to.deep.equal([]);
    });

    it("POST /_emulator/faults without a body (or with null) is a 400, not a 500 crash (control.ts:42)", async () => {
        // the payload is undefined, FaultQueue.add spreads it and reads `count` of undefined: 500 "Emulator error".
        const answer = await call(emulator.url, "POST", "/_emulator/faults", { headers: JSON_HEADERS });
        expect(answer.status).to.equal(400);
        const nullBody = await control("POST", "/faults", null);
        expect(nullBody.status).to.equal(400);
        expect((await control("GET", "/faults")).json.faults).to.deep.equal([]);
    });
});
