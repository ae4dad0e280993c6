/// <reference types="mocha" />
import { expect } from "chai";
import { call } from "../support/http";
import { DEFAULT_PROJECT_ID, DEFAULT_SEED } from "../../emulator/jobStore";
import { DEFAULT_TOKEN, WorkspaceEmulator } from "../../emulator/server";

const AUTH = { "X-Auth-Token": DEFAULT_TOKEN, "Content-Type": "application/json" };
const RETRY_BODY = '{"op_type":"retry"}';
const [APPLY_FAILED, CANCEL_FAILED, APPLY_SUCCESS, CREATE_DESKTOP_FAILED] = DEFAULT_SEED.map((job) => job.id as string);

const retryPath = (jobId: string, projectId = DEFAULT_PROJECT_ID) => `/v2/${projectId}/workspace-jobs/${jobId}/actions`;
const jobPath = (jobId: string, projectId = DEFAULT_PROJECT_ID) => `/v2/${projectId}/workspace-jobs/${jobId}`;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("emulator/server (real HTTP)", () => {
    let emulator: WorkspaceEmulator;

    const retry = (jobId: string, headers: Record<string, string> = AUTH, body = RETRY_BODY, projectId = DEFAULT_PROJECT_ID) =>
        call(emulator.url, "POST", retryPath(jobId, projectId), { headers, body });
    const show = (jobId: string, headers: Record<string, string> = { "X-Auth-Token": DEFAULT_TOKEN }) =>
        call(emulator.url, "GET", jobPath(jobId), { headers });

    before(async () => {
        emulator = await WorkspaceEmulator.start({ port: 0, timing: { initMs: 50, runMs: 100 } });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.reset());

    it("listens on 127.0.0.1 with a picked port", () => {
        expect(emulator.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(emulator.url).not.to.match(/:0$/);
    });

    describe("POST /v2/{project_id}/workspace-jobs/{job_id}/actions", () => {
        it("retries a seeded FAILED applyWorkspace job: 200 with a new job id, one job created", async () => {
            const answer = await retry(APPLY_FAILED);
            expect(answer.status).to.equal(200);
            expect(answer.headers["content-type"]).to.match(/^application\/json/);
            expect(Object.keys(answer.json)).to.deep.equal(["job_id"]);
            expect(answer.json.job_id).to.be.a("string").and.not.equal(APPLY_FAILED);
            expect(emulator.jobsCreated).to.equal(1);
            const created = emulator.store.find(DEFAULT_PROJECT_ID, answer.json.job_id as string);
            expect(created).to.deep.include({ jobType: "applyWorkspace", retriedFrom: APPLY_FAILED });
        });

        it("retries a seeded FAILED cancelWorkspace job", async () => {
            const answer = await retry(CANCEL_FAILED);
            expect(answer.status).to.equal(200);
            expect(emulator.store.find(DEFAULT_PROJECT_ID, answer.json.job_id as string)?.jobType).to.equal("cancelWorkspace");
        });

        it("each accepted retry starts a new job; the failed job stays retriable", async () => {
            const first = await retry(APPLY_FAILED);
            const second = await retry(APPLY_FAILED);
            expect(first.json.job_id).not.to.equal(second.json.job_id);
            expect(emulator.jobsCreated).to.equal(2);
            expect((await show(APPLY_FAILED)).json.status).to.equal("FAILED");
        });

        it("an unknown job is a 404 with error_code, error_msg and X-Request-Id", async () => {
            const answer = await retry("no-such-job");
            expect(answer.status).to.equal(404);
            expect(answer.json).to.deep.equal({
                error_code: "WKS.00010023",
                error_msg: `Job no-such-job does not exist in project ${DEFAULT_PROJECT_ID}.`,
            });
            expect(answer.headers["x-request-id"]).to.match(/^[0-9a-f]{32}$/);
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("a job of another project is a 404", async () => {
            const answer = await retry(APPLY_FAILED, AUTH, RETRY_BODY, "another-project");
            expect(answer.status).to.equal(404);
            expect(answer.json.error_code).to.equal("WKS.00010023");
        });

        it("gives each answer its own X-Request-Id", async () => {
            const a = await retry("no-such-job");
            const b = await retry("no-such-job");
            expect(a.headers["x-request-id"]).not.to.equal(b.headers["x-request-id"]);
        });

        it("a SUCCESS job is a 400: only FAILED jobs can be retried", async () => {
            const answer = await retry(APPLY_SUCCESS);
            expect(answer.status).to.equal(400);
            expect(answer.json.error_code).to.equal("WKS.00010010");
            expect(answer.json.error_msg).to.include("only FAILED jobs");
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("a createDesktop job is a 400: only applyWorkspace and cancelWorkspace are retriable", async () => {
            const answer = await retry(CREATE_DESKTOP_FAILED);
            expect(answer.status).to.equal(400);
            expect(answer.json.error_code).to.equal("WKS.00010010");
            expect(answer.json.error_msg).to.include("createDesktop");
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("a wrong content type is a 400", async () => {
            const answer = await retry(APPLY_FAILED, { "X-Auth-Token": DEFAULT_TOKEN, "Content-Type": "text/plain" });
            expect(answer.status).to.equal(400);
            expect(answer.json.error_msg).to.include("application/json");
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("a body that is not JSON, or another op_type, is a 400", async () => {
            expect((await retry(APPLY_FAILED, AUTH, "{op_type")).status).to.equal(400);
            const other = await retry(APPLY_FAILED, AUTH, '{"op_type":"cancel"}');
            expect(other.status).to.equal(400);
            expect(other.json.error_msg).to.include('"cancel"');
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("a bad token is a 401 APIG.0301, and no job is created", async () => {
            const answer = await retry(APPLY_FAILED, { "X-Auth-Token": "not-the-token", "Content-Type": "application/json" });
            expect(answer.status).to.equal(401);
            expect(answer.json.error_code).to.equal("APIG.0301");
            expect(answer.json.error_msg).to.be.a("string").and.not.equal("");
            expect(answer.headers["x-request-id"]).to.match(/^[0-9a-f]{32}$/);
            expect(emulator.jobsCreated).to.equal(0);
        });

        it("a request without credentials is a 401 APIG.0301", async () => {
            const answer = await retry(APPLY_FAILED, { "Content-Type": "application/json" });
            expect(answer.status).to.equal(401);
            expect(answer.json.error_code).to.equal("APIG.0301");
            expect(answer.json.error_msg).to.include("no X-Auth-Token");
        });

        it("an unknown route is a 404 APIG.0101", async () => {
            const answer = await call(emulator.url, "GET", "/v3/whatever", { headers: AUTH });
            expect(answer.status).to.equal(404);
            expect(answer.json.error_code).to.equal("APIG.0101");
            const getOnActions = await call(emulator.url, "GET", retryPath(APPLY_FAILED), { headers: AUTH });
            expect(getOnActions.status).to.equal(404);
            expect(getOnActions.json.error_code).to.equal("APIG.0101");
        });
    });

    describe("GET /v2/{project_id}/workspace-jobs/{job_id}", () => {
        it("shows a seeded failed job with the documented fields", async () => {
            const answer = await show(APPLY_FAILED);
            expect(answer.status).to.equal(200);
            expect(answer.json).to.include({
                id: APPLY_FAILED,
                job_type: "applyWorkspace",
                status: "FAILED",
                job_error_code: "WKS.00010050",
            });
            expect(answer.json.fail_reason).to.equal(DEFAULT_SEED[0].failReason);
            expect(answer.json).to.have.keys([
                "id",
                "job_type",
                "status",
                "begin_time",
                "end_time",
                "job_error_code",
                "fail_reason",
                "sub_jobs_total",
                "sub_jobs",
            ]);
            const subJobs = answer.json.sub_jobs as Array<Record<string, unknown>>;
            expect(answer.json.sub_jobs_total).to.equal(subJobs.length);
            expect(subJobs.every((sub) => sub.status === "FAILED")).to.equal(true);
        });

        it("an unknown job is a 404", async () => {
            const answer = await show("missing-job");
            expect(answer.status).to.equal(404);
            expect(answer.json.error_code).to.equal("WKS.00010023");
        });

        it("a bad token is a 401 APIG.0301", async () => {
            const answer = await show(APPLY_FAILED, { "X-Auth-Token": "wrong" });
            expect(answer.status).to.equal(401);
            expect(answer.json.error_code).to.equal("APIG.0301");
        });

        it("a new job goes INIT -> RUNNING -> SUCCESS over the configured times (50 ms, 100 ms)", async () => {
            const started = Date.now();
            const newJobId = (await retry(APPLY_FAILED)).json.job_id as string;
            const seen: string[] = [];
            const subSeen: string[] = [];
            while (Date.now() - started < 3_000) {
                const job = (await show(newJobId)).json;
                const status = job.status as string;
                if (seen[seen.length - 1] !== status) {
                    seen.push(status);
                    subSeen.push((job.sub_jobs as Array<{ status: string }>).map((sub) => sub.status).join(","));
                }
                if (status === "SUCCESS") {
                    expect(job.end_time).to.be.a("string").and.not.equal("");
                    break;
                }
                await wait(10);
            }
            expect(seen).to.deep.equal(["INIT", "RUNNING", "SUCCESS"]);
            expect(subSeen).to.deep.equal(["WAITING,WAITING", "RUNNING,RUNNING", "SUCCESS,SUCCESS"]);
            expect(Date.now() - started).to.be.at.least(150);
        });
    });

    describe("outcomes of retried jobs", () => {
        let finished: WorkspaceEmulator;
        before(async () => {
            finished = await WorkspaceEmulator.start({ port: 0, timing: { initMs: 0, runMs: 0 } });
        });
        after(() => finished.stop());

        async function retryAndShow(outcome: "SUCCESS" | "FAILED" | "SUBJOB_FAILED"): Promise<Record<string, unknown>> {
            const seeded = finished.store.seed({ jobType: "applyWorkspace", status: "FAILED", retryOutcome: outcome });
            const accepted = await call(finished.url, "POST", retryPath(seeded.id), { headers: AUTH, body: RETRY_BODY });
            expect(accepted.status).to.equal(200);
            return (await call(finished.url, "GET", jobPath(accepted.json.job_id as string), { headers: AUTH })).json;
        }

        it("outcome FAILED: the job is FAILED with a fail reason and failed sub jobs", async () => {
            const job = await retryAndShow("FAILED");
            expect(job.status).to.equal("FAILED");
            expect(job.fail_reason).to.be.a("string").and.not.equal("");
            expect(job.job_error_code).to.equal("WKS.00010050");
            expect((job.sub_jobs as Array<{ status: string }>).map((sub) => sub.status)).to.deep.equal(["FAILED", "FAILED"]);
        });

        it("outcome SUBJOB_FAILED: the job says SUCCESS but one sub job FAILED", async () => {
            const job = await retryAndShow("SUBJOB_FAILED");
            expect(job.status).to.equal("SUCCESS");
            expect(job.fail_reason).to.equal("");
            const subJobs = job.sub_jobs as Array<{ status: string; fail_reason: string; error_code: string }>;
            expect(subJobs.map((sub) => sub.status)).to.deep.equal(["FAILED", "SUCCESS"]);
            expect(subJobs[0].fail_reason).to.not.equal("");
            expect(subJobs[0].error_code).to.equal("WKS.00010051");
        });

        it("outcome SUCCESS: SUCCESS with every sub job SUCCESS", async () => {
            const job = await retryAndShow("SUCCESS");
            expect(job.status).to.equal("SUCCESS");
            expect((job.sub_jobs as Array<{ status: string }>).map((sub) => sub.status)).to.deep.equal(["SUCCESS", "SUCCESS"]);
        });

        it("the store-wide outcome applies when the job names none", async () => {
            finished.store.timing.outcome = "FAILED";
            try {
                const accepted = await call(finished.url, "POST", retryPath(APPLY_FAILED), { headers: AUTH, body: RETRY_BODY });
                const job = (await call(finished.url, "GET", jobPath(accepted.json.job_id as string), { headers: AUTH })).json;
                expect(job.status).to.equal("FAILED");
            } finally {
                finished.store.timing.outcome = "SUCCESS";
            }
        });
    });

    describe("seeded jobs", () => {
        it("a retried job that failed again can itself be retried", async () => {
            const quick = await WorkspaceEmulator.start({ port: 0, timing: { initMs: 0, runMs: 0, outcome: "FAILED" } });
            try {
                const first = await call(quick.url, "POST", retryPath(APPLY_FAILED), { headers: AUTH, body: RETRY_BODY });
                const again = await call(quick.url, "POST", retryPath(first.json.job_id as string), { headers: AUTH, body: RETRY_BODY });
                expect(again.status).to.equal(200);
                expect(quick.jobsCreated).to.equal(2);
                expect(quick.store.find(DEFAULT_PROJECT_ID, again.json.job_id as string)?.retriedFrom).to.equal(first.json.job_id);
            } finally {
                await quick.stop();
            }
        });

        it("a retried job still RUNNING is not retriable (400)", async () => {
            const newJobId = (await retry(APPLY_FAILED)).json.job_id as string;
            const answer = await retry(newJobId);
            expect(answer.status).to.equal(400);
            expect(answer.json.error_msg).to.match(/is (INIT|RUNNING)/);
        });

        it("a seeded FAIL job (the other failed spelling) is retriable", async () => {
            emulator.store.seed({ id: "fail-spelling", status: "FAIL", failReason: "spelled FAIL" });
            expect((await retry("fail-spelling")).status).to.equal(200);
        });

        it("a seeded FAIL job shows its fail reason and failed sub jobs like a FAILED one (jobStore.ts:131,151)", async () => {
            // progress() and view() test status === "FAILED" only, so a FAIL job shows fail_reason ""
            // and every sub job SUCCESS, although retryJob treats FAIL as failed.
            emulator.store.seed({ id: "fail-spelling-2", status: "FAIL", failReason: "spelled FAIL" });
            const job = (await show("fail-spelling-2")).json;
            expect(job.status).to.equal("FAIL");
            expect(job.fail_reason).to.equal("spelled FAIL");
            expect((job.sub_jobs as Array<{ status: string }>).every((sub) => sub.status === "FAILED")).to.equal(true);
        });

        it("a seeded RUNNING job has no end_time and no SUCCESS sub jobs (jobStore.ts:151)", async () => {
            // progress() maps every seeded non-FAILED status to sub jobs SUCCESS and endMs = beginMs,
            // so an unfinished seeded job looks finished in its sub jobs and end_time.
            emulator.store.seed({ id: "seeded-running", status: "RUNNING" });
            const job = (await show("seeded-running")).json;
            expect(job.status).to.equal("RUNNING");
            expect(job.end_time).to.equal("");
            expect((job.sub_jobs as Array<{ status: string }>).some((sub) => sub.status === "SUCCESS")).to.equal(false);
        });

        it("a malformed percent-encoding in the job id is a 4xx, not a 500 (server.ts:168)", async () => {
            // decodeURIComponent throws URIError and the catch-all answers 500 WKS.00010099,
            // which a client must read as "the retry may have started a job".
            const answer = await call(emulator.url, "POST", retryPath("%E0%A4%A"), { headers: AUTH, body: RETRY_BODY });
            expect(answer.status).to.be.within(400, 499);
            expect(emulator.jobsCreated).to.equal(0);
        });
    });

    describe("start options", () => {
        it("accepts the configured tokens only", async () => {
            const custom = await WorkspaceEmulator.start({ port: 0, tokens: ["custom-token-1"] });
            try {
                const bad = await call(custom.url, "GET", jobPath(APPLY_FAILED), { headers: { "X-Auth-Token": DEFAULT_TOKEN } });
                expect(bad.status).to.equal(401);
                const good = await call(custom.url, "GET", jobPath(APPLY_FAILED), { headers: { "X-Auth-Token": "custom-token-1" } });
                expect(good.status).to.equal(200);
            } finally {
                await custom.stop();
            }
        });

        it("starts with the given seed instead of the default one", async () => {
            const custom = await WorkspaceEmulator.start({ port: 0, seed: [{ id: "only-job", projectId: "proj-x", status: "FAILED" }] });
            try {
                expect(custom.store.all().map((job) => job.id)).to.deep.equal(["only-job"]);
                const answer = await call(custom.url, "POST", retryPath("only-job", "proj-x"), { headers: AUTH, body: RETRY_BODY });
                expect(answer.status).to.equal(200);
                expect((await call(custom.url, "POST", retryPath(APPLY_FAILED), { headers: AUTH, body: RETRY_BODY })).status).to.equal(404);
            } finally {
                await custom.stop();
            }
        });

        it("calls onRequest once per answered API request, with its status", async () => {
            const seen: Array<{ route: string; status: number }> = [];
            const custom = await WorkspaceEmulator.start({
                port: 0,
                onRequest: (req) => seen.push({ route: req.route, status: req.status }),
            });
            try {
                await call(custom.url, "POST", retryPath(APPLY_FAILED), { headers: AUTH, body: RETRY_BODY });
                await call(custom.url, "GET", "/_emulator/stats");
                await wait(20);
                expect(seen).to.deep.equal([{ route: "retry", status: 200 }]);
            } finally {
                await custom.stop();
            }
        });

        it("stop() closes the port", async () => {
            const custom = await WorkspaceEmulator.start({ port: 0 });
            const url = custom.url;
            await custom.stop();
            const answer = await call(url, "GET", "/_emulator/stats");
            expect(answer.error).to.equal("ECONNREFUSED");
        });
    });
});
