/// <reference types="mocha" />
import { expect } from "chai";
import { call } from "../../support/http";
import { DEFAULT_PROJECT_ID, DEFAULT_SEED } from "../../../emulator/jobStore";
import { seedFailedJobs } from "../../../emulator/seedFailedJobs";
import { DEFAULT_TOKEN, WorkspaceEmulator } from "../../../emulator/server";

const AUTH = { "X-Auth-Token": DEFAULT_TOKEN };
const PATH = `/v2/${DEFAULT_PROJECT_ID}/workspace-sub-jobs`;
const OTHER_PROJECT = "ffffffffffffffffffffffffffffffff";

describe("emulator/routes/workspaceSubJobs (GET /v2/{project_id}/workspace-sub-jobs)", () => {
    let emulator: WorkspaceEmulator;
    let seeded: string[];
    const list = (query = "", headers: Record<string, string> = AUTH) => call(emulator.url, "GET", `${PATH}${query}`, { headers });
    const listed = async (query = "") => {
        const answer = await list(query);
        expect(answer.status, answer.body).to.equal(200);
        return answer.json as { total_count: number; jobs: Array<Record<string, any>> };
    };

    before(async () => {
        // Only what this suite seeds: two failed cancelWorkspace jobs of 3 sub jobs each, a
        // succeeded job, a failed job of another type and one of another project.
        emulator = await WorkspaceEmulator.start({ seed: [] });
        seeded = seedFailedJobs(emulator.store, {
            count: 2,
            jobType: "cancelWorkspace",
            subJobCount: 3,
            beginTime: "2024-05-01T00:00:00Z",
        }).map((job) => job.id);
        emulator.store.seed({ id: "ok-job", jobType: "applyWorkspace", status: "SUCCESS" });
        emulator.store.seed({ id: "desktop-job", jobType: "createDesktop", status: "FAILED" });
        emulator.store.seed({ id: "elsewhere", projectId: OTHER_PROJECT, jobType: "applyWorkspace", status: "FAILED" });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.reset());

    it("lists the project's sub jobs with their parent's id and type, newest parent first", async () => {
        const { total_count, jobs } = await listed();
        expect(total_count).to.equal(2 * 3 + 2 + 2);
        expect(jobs).to.have.length(total_count);
        expect(
            jobs.some((sub) => sub.job_id === "elsewhere"),
            "other projects' jobs",
        ).to.equal(false);
        const first = jobs.find((sub) => sub.job_id === seeded[0])!;
        expect(first).to.include({ job_type: "cancelWorkspace", status: "FAILED", project_id: DEFAULT_PROJECT_ID });
        expect(first).to.include.keys("id", "begin_time", "end_time", "fail_reason", "error_code", "entities", "process");
        expect(first.begin_time).to.equal("2024-05-01T00:00:00.000Z");
        const order = [...new Set(jobs.map((sub) => sub.job_id))];
        expect(order.indexOf(seeded[1])).to.be.lessThan(order.indexOf(seeded[0]));
    });

    it("filters by status, job_type and job_id; a desktop pool matches nothing here", async () => {
        const failed = await listed("?status=FAILED&job_type=cancelWorkspace");
        expect(failed.total_count).to.equal(6);
        expect(new Set(failed.jobs.map((sub) => sub.job_id))).to.deep.equal(new Set(seeded));
        expect((await listed("?status=SUCCESS")).jobs.map((sub) => sub.job_id)).to.deep.equal(["ok-job", "ok-job"]);
        expect((await listed(`?job_id=${seeded[1]}`)).total_count).to.equal(3);
        expect((await listed("?job_type=createDesktop&status=FAILED")).total_count).to.equal(2);
        expect((await listed("?desktop_pool_id=pool-1")).total_count).to.equal(0);
    });

    it("pages by limit and offset, with total_count over all pages", async () => {
        const pages = [];
        for (const offset of [0, 4, 8]) pages.push(await listed(`?status=FAILED&limit=4&offset=${offset}`));
        expect(pages.map((page) => page.total_count)).to.deep.equal([8, 8, 8]);
        expect(pages.map((page) => page.jobs.length)).to.deep.equal([4, 4, 0]);
        const ids = pages.flatMap((page) => page.jobs.map((sub) => sub.id));
        expect(new Set(ids).size).to.equal(8);
        expect((await listed("?limit=0")).jobs).to.deep.equal([]);
    });

    it("rejects a bad status, limit or offset with a Huawei error body", async () => {
        for (const query of ["?status=BROKEN", "?limit=1001", "?limit=-1", "?offset=x"]) {
            const answer = await list(query);
            expect(answer.status, query).to.equal(400);
            expect(answer.json.error_code, query).to.equal("WKS.00010001");
        }
    });

    it("needs the same authentication as the job routes, and logs the call as listSubJobs", async () => {
        const answer = await list("", {});
        expect(answer.status).to.equal(401);
        expect(answer.json.error_code).to.equal("APIG.0301");
        expect((await list("", { "X-Auth-Token": "wrong" })).status).to.equal(401);
        expect(emulator.requests.map((request) => [request.route, request.status])).to.deep.equal([
            ["listSubJobs", 401],
            ["listSubJobs", 401],
        ]);
        expect((await call(emulator.url, "POST", PATH, { headers: AUTH })).status, "POST is no route").to.equal(404);
    });

    it("takes faults on route listSubJobs", async () => {
        emulator.inject({ route: "listSubJobs", kind: "status", status: 503 });
        emulator.inject({ route: "listSubJobs", kind: "malformed" });
        expect((await list()).status).to.equal(503);
        const malformed = await list();
        expect(malformed.status).to.equal(200);
        expect(malformed.json).to.equal(undefined);
        expect((await list()).status).to.equal(200);
    });

    it("POST /_emulator/failed-jobs seeds failed jobs with failed sub jobs, one second apart", async () => {
        const answer = await call(emulator.url, "POST", "/_emulator/failed-jobs", {
            body: JSON.stringify({ count: 2, jobType: "applyWorkspace", subJobCount: 1, beginTime: "2023-01-01T00:00:00Z" }),
        });
        expect(answer.status).to.equal(201);
        const jobs = answer.json.jobs as Array<Record<string, any>>;
        expect(jobs.map((job) => [job.status, job.job_type, job.begin_time, job.sub_jobs.map((sub: any) => sub.status)])).to.deep.equal([
            ["FAILED", "applyWorkspace", "2023-01-01T00:00:00.000Z", ["FAILED"]],
            ["FAILED", "applyWorkspace", "2023-01-01T00:00:01.000Z", ["FAILED"]],
        ]);
        expect((await listed(`?job_id=${jobs[1].id}&status=FAILED`)).total_count).to.equal(1);
        const bad = await call(emulator.url, "POST", "/_emulator/failed-jobs", { body: JSON.stringify({ count: 0 }) });
        expect(bad.status).to.equal(400);
        expect(bad.json.error_msg).to.include("count must be a whole number");
    });

    it("the default seed's failed jobs have failed sub jobs too", async () => {
        const fresh = await WorkspaceEmulator.start();
        try {
            const answer = await call(fresh.url, "GET", `${PATH}?status=FAILED&job_type=applyWorkspace`, { headers: AUTH });
            expect(answer.json.jobs.map((sub: any) => sub.job_id)).to.include(DEFAULT_SEED[0].id);
        } finally {
            await fresh.stop();
        }
    });
});
