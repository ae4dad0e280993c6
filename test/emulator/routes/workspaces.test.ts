/// <reference types="mocha" />
import { expect } from "chai";
import { call } from "../../support/http";
import { DEFAULT_PROJECT_ID, DEFAULT_SEED } from "../../../emulator/jobStore";
import { seedFailedJobs } from "../../../emulator/seedFailedJobs";
import { DEFAULT_TOKEN, WorkspaceEmulator } from "../../../emulator/server";

const AUTH = { "X-Auth-Token": DEFAULT_TOKEN };
const FAILED_REGISTRATION = DEFAULT_SEED[0].id!;
const STALE_DEREGISTRATION = DEFAULT_SEED[1].id!;

describe("emulator/routes/workspaces (the Workspace service's state)", () => {
    let emulator: WorkspaceEmulator;
    let project = 0;
    /** A project of its own per test: a service state is per project. */
    const newProject = () => `${String(++project).padStart(4, "0")}${"a".repeat(28)}`;
    const service = async (projectId = DEFAULT_PROJECT_ID) => {
        const answer = await call(emulator.url, "GET", `/v2/${projectId}/workspaces`, { headers: AUTH });
        expect(answer.status, answer.body).to.equal(200);
        return answer.json as Record<string, any>;
    };
    const retry = (projectId: string, jobId: string) =>
        call(emulator.url, "POST", `/v2/${projectId}/workspace-jobs/${jobId}/actions`, {
            headers: { ...AUTH, "Content-Type": "application/json" },
            body: '{"op_type":"retry"}',
        });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 120));

    before(async () => {
        emulator = await WorkspaceEmulator.start({ timing: { initMs: 20, runMs: 40 } });
    });
    after(() => emulator.stop());
    beforeEach(() => {
        emulator.reset();
        Object.assign(emulator.store.timing, { outcome: "SUCCESS" });
    });

    it("starts the default project stuck on the seed page's failed registration; the old deregistration is history", async () => {
        const state = await service();
        expect(state).to.include({ status: "SUBSCRIPTION_FAILED", job_id: FAILED_REGISTRATION });
        expect(state.fail_reason).to.include("quota exceeded");
        expect(state).to.include.keys("id", "closable", "progress", "fail_code", "access_mode", "enterprise_id");
        expect(state.job_id).to.not.equal(STALE_DEREGISTRATION);
    });

    it("shows a project that never opened the service as CLOSED with no job", async () => {
        expect(await service(newProject())).to.include({ status: "CLOSED", job_id: "" });
    });

    it("seeding a failed job sets the service's state: SUBSCRIPTION_FAILED or DEREGISTRATION_FAILED on that job", async () => {
        const apply = newProject();
        const [registration] = seedFailedJobs(emulator.store, { projectId: apply, jobType: "applyWorkspace" });
        expect(await service(apply)).to.include({ status: "SUBSCRIPTION_FAILED", job_id: registration.id });
        const cancel = newProject();
        const [deregistration] = seedFailedJobs(emulator.store, { projectId: cancel, jobType: "cancelWorkspace" });
        expect(await service(cancel)).to.include({ status: "DEREGISTRATION_FAILED", job_id: deregistration.id });
        emulator.store.seed({ projectId: cancel, jobType: "createDesktop", status: "FAILED" });
        expect((await service(cancel)).job_id, "a desktop job does not open or close the service").to.equal(deregistration.id);
    });

    for (const [jobType, running, done, failed] of [
        ["applyWorkspace", "SUBSCRIBING", "SUBSCRIBED", "SUBSCRIPTION_FAILED"],
        ["cancelWorkspace", "DEREGISTERING", "CLOSED", "DEREGISTRATION_FAILED"],
    ] as const) {
        it(`a retry of a failed ${jobType} job moves the service to ${running} on the new job, then to ${done}, or back to ${failed}`, async () => {
            const projectId = newProject();
            const [job] = seedFailedJobs(emulator.store, { projectId, jobType });
            const first = await retry(projectId, job.id);
            expect(first.status).to.equal(200);
            expect(await service(projectId)).to.include({ status: running, job_id: first.json.job_id });
            await settle();
            expect(await service(projectId)).to.include({ status: done, job_id: first.json.job_id });

            const other = newProject();
            const [again] = seedFailedJobs(emulator.store, { projectId: other, jobType });
            emulator.store.timing.outcome = "FAILED";
            const second = await retry(other, again.id);
            await settle();
            const state = await service(other);
            expect(state).to.include({ status: failed, job_id: second.json.job_id });
            expect(state.fail_reason).to.include("failed again");
        });
    }

    it("a retry is accepted whatever the service's state (the provider, not the emulator, must refuse a stale one)", async () => {
        const answer = await retry(DEFAULT_PROJECT_ID, STALE_DEREGISTRATION);
        expect(answer.status).to.equal(200);
        expect(await service()).to.include({ status: "DEREGISTERING", job_id: answer.json.job_id });
    });

    it("POST opens the service (200 {job_id}), DELETE closes it (202 {job_id}); each refuses a service already there (409)", async () => {
        const projectId = newProject();
        const path = `/v2/${projectId}/workspaces`;
        const opened = await call(emulator.url, "POST", path, { headers: AUTH });
        expect(opened.status).to.equal(200);
        expect(await service(projectId)).to.include({ status: "SUBSCRIBING", job_id: opened.json.job_id });
        const busy = await call(emulator.url, "POST", path, { headers: AUTH });
        expect(busy.status).to.equal(409);
        expect(busy.json.error_code).to.equal("WKS.00010032");
        await settle();
        expect(await service(projectId)).to.include({ status: "SUBSCRIBED" });
        const closed = await call(emulator.url, "DELETE", path, { headers: AUTH });
        expect(closed.status).to.equal(202);
        const job = emulator.store.find(projectId, closed.json.job_id);
        expect(job?.jobType).to.equal("cancelWorkspace");
        await settle();
        expect(await service(projectId)).to.include({ status: "CLOSED", job_id: closed.json.job_id });
        expect(emulator.jobsCreated, "only retries count as jobs created").to.equal(0);
    });

    it("the control API sets a state directly and lists every service; reset restores the states seeding set", async () => {
        const set = await call(emulator.url, "PUT", `/_emulator/workspaces/${DEFAULT_PROJECT_ID}`, {
            body: JSON.stringify({ status: "SUBSCRIBED", job_id: "console-job" }),
        });
        expect(set.status).to.equal(200);
        expect(await service()).to.include({ status: "SUBSCRIBED", job_id: "console-job" });
        const listed = await call(emulator.url, "GET", "/_emulator/workspaces");
        expect(listed.json.workspaces.find((entry: any) => entry.project_id === DEFAULT_PROJECT_ID)).to.include({ status: "SUBSCRIBED" });
        const bad = await call(emulator.url, "PUT", `/_emulator/workspaces/${DEFAULT_PROJECT_ID}`, { body: "{}" });
        expect(bad.status).to.equal(400);
        await call(emulator.url, "POST", "/_emulator/reset");
        expect(await service()).to.include({ status: "SUBSCRIPTION_FAILED", job_id: FAILED_REGISTRATION });
    });

    it("takes faults on route getWorkspaces, optionally for one project only", async () => {
        const other = newProject();
        emulator.inject({ route: "getWorkspaces", kind: "status", status: 403, code: "APIG.0302", projectId: other });
        expect((await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspaces`, { headers: AUTH })).status).to.equal(200);
        const refused = await call(emulator.url, "GET", `/v2/${other}/workspaces`, { headers: AUTH });
        expect(refused.status).to.equal(403);
        expect(refused.json.error_code).to.equal("APIG.0302");
        emulator.inject({ route: "getWorkspaces", kind: "malformed" });
        expect((await call(emulator.url, "GET", `/v2/${other}/workspaces`, { headers: AUTH })).json).to.equal(undefined);
        expect(emulator.requests.map((request) => request.route)).to.deep.equal(["getWorkspaces", "getWorkspaces", "getWorkspaces"]);
    });

    it("needs authentication like every API route", async () => {
        const answer = await call(emulator.url, "GET", `/v2/${DEFAULT_PROJECT_ID}/workspaces`);
        expect(answer.status).to.equal(401);
    });
});
