/// <reference types="mocha" />
/**
 * Every row of the decision table (provider/host/retryDecision.ts), through the real provider
 * host against the emulator: what the Workspace service's state makes a create do. Each test
 * has a project of its own, in a known service state; POSTs are counted on the emulator.
 */
import { expect } from "chai";
import type { JobTiming } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { failedProject, FailedProject, Harness, postsTo, retriesOf, startHarness } from "../support/jobRetryHarness";
import { HostCallError } from "../support/providerHost";

const WARNING = /^warning: JobRetry of job (\S+): (.*)$/gm;

describe("the decision table: what the Workspace service's state makes a create do, through the real host", () => {
    let h: Harness;

    before(async () => {
        h = await startHarness();
    });
    after(async () => h.stop());
    beforeEach(() => {
        h.emulator.reset();
        timing({});
    });

    function timing(value: Partial<JobTiming>): void {
        Object.assign(h.emulator.store.timing, { initMs: 50, runMs: 100, outcome: "SUCCESS", ...value });
    }

    const create = (target: FailedProject, extra: Record<string, unknown> = {}) =>
        h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId, ...extra }));
    const refused = (target: FailedProject) =>
        create(target).then(
            () => expect.fail("create should send nothing and fail"),
            (error: HostCallError) => error.details,
        );
    /** A failed job whose service now shows another state (a job started for it, or a state set). */
    function withService(jobType: string, status: string, jobId?: string): FailedProject {
        const target = failedProject(h.emulator, jobType);
        h.emulator.setService(target.projectId, { status, jobId: jobId ?? "other-job-1" });
        return target;
    }
    /** A failed job whose retry someone started in the console: it runs for the service. */
    function retriedInConsole(jobType: string): { target: FailedProject; running: string } {
        const target = failedProject(h.emulator, jobType);
        const running = h.emulator.store.startRetry(h.emulator.store.find(target.projectId, target.jobId)!).id;
        return { target, running };
    }
    const warnings = () => [...h.host.output().matchAll(WARNING)];

    describe("the failed state of the job's own type: the retry is sent, once", () => {
        for (const jobType of ["applyWorkspace", "cancelWorkspace"]) {
            it(`${jobType}, service ${jobType === "applyWorkspace" ? "SUBSCRIPTION_FAILED" : "DEREGISTRATION_FAILED"}: one POST, the new job recorded`, async () => {
                const target = failedProject(h.emulator, jobType);
                const { id } = await create(target);
                expect(postsTo(h.emulator, target.projectId)).to.equal(1);
                expect(retriesOf(h.emulator, target.jobId)).to.deep.equal([id]);
                const reads = h.apiRequests().filter((request) => request.url.startsWith(`/v2/${target.projectId}/`));
                expect(reads.map((request) => request.route).sort()).to.deep.equal(["getJob", "getWorkspaces", "retry"]);
            });
        }

        it("whatever job_id the service shows: after a retry that failed again it shows that one, and a changed triggers retries once more", async () => {
            timing({ initMs: 10, runMs: 20, outcome: "FAILED" });
            const target = failedProject(h.emulator);
            const first = await create(target, { triggers: { attempt: 1 } });
            await new Promise((resolve) => setTimeout(resolve, 100));
            const shown = await h.emulator.store.serviceView(target.projectId);
            expect(shown).to.include({ status: "SUBSCRIPTION_FAILED", job_id: first.id });
            const second = await create(target, { triggers: { attempt: 2 } });
            expect(postsTo(h.emulator, target.projectId)).to.equal(2);
            expect(second.id).to.not.equal(first.id);
        });
    });

    describe("a job running for the service: no POST", () => {
        for (const [jobType, status] of [
            ["applyWorkspace", "SUBSCRIBING"],
            ["cancelWorkspace", "DEREGISTERING"],
        ]) {
            it(`${jobType}, service ${status} on a job of that type: it is recorded as the new job, as adoptJobId would`, async () => {
                timing({ runMs: 60_000 });
                const { target, running } = retriedInConsole(jobType);
                expect(h.emulator.store.serviceView(target.projectId)).to.include({ status });
                const { id, properties } = await create(target);
                expect(id).to.equal(running);
                expect(properties.newJobId).to.equal(running);
                expect(properties.status).to.be.oneOf(["INIT", "RUNNING"]);
                expect(postsTo(h.emulator, target.projectId)).to.equal(0);
            });
        }

        it("applyWorkspace, service PREPARING on a job of that type: recorded likewise", async () => {
            timing({ runMs: 60_000 });
            const { target, running } = retriedInConsole("applyWorkspace");
            h.emulator.setService(target.projectId, { status: "PREPARING", jobId: running });
            expect((await create(target)).id).to.equal(running);
            expect(postsTo(h.emulator, target.projectId)).to.equal(0);
        });

        it("where the service's job_id still names the failed job, the sub-job list names the running one", async () => {
            timing({ runMs: 60_000 });
            const { target, running } = retriedInConsole("applyWorkspace");
            h.emulator.setService(target.projectId, { status: "SUBSCRIBING", jobId: target.jobId });
            expect((await create(target)).id).to.equal(running);
            expect(postsTo(h.emulator, target.projectId)).to.equal(0);
            expect(h.apiRequests().map((request) => request.route)).to.include("listSubJobs");
        });

        it("where nothing names the running job, nothing is sent and the error says so", async () => {
            const target = withService("applyWorkspace", "SUBSCRIBING", "");
            const message = await refused(target);
            expect(message).to.match(/^No retry sent: a job is running for the Workspace service \(status SUBSCRIBING, no job_id\)/);
            expect(message).to.include("adoptJobId");
            expect(postsTo(h.emulator, target.projectId)).to.equal(0);
        });

        for (const [jobType, status, kind] of [
            ["applyWorkspace", "DEREGISTERING", "a deregistration"],
            ["cancelWorkspace", "SUBSCRIBING", "a registration"],
            ["cancelWorkspace", "PREPARING", "a registration"],
        ]) {
            it(`${jobType}, service ${status}: a job of the other type runs; the error names it`, async () => {
                const target = withService(jobType, status, "running-other-1");
                const message = await refused(target);
                expect(message.split("\n")[0]).to.equal(
                    `No retry sent: ${kind} (job running-other-1) is running for the Workspace service.`,
                );
                expect(message).to.include(`service=status ${status}, job_id running-other-1`);
                expect(postsTo(h.emulator, target.projectId)).to.equal(0);
            });
        }
    });

    describe("the goal reached, or the other direction: no POST, an error that says what to do", () => {
        for (const [jobType, status] of [
            ["applyWorkspace", "SUBSCRIBED"],
            ["cancelWorkspace", "CLOSED"],
        ]) {
            it(`${jobType}, service ${status}: what the job was for is done`, async () => {
                const target = withService(jobType, status, "console-retry-1");
                const message = await refused(target);
                expect(message.split("\n")[0]).to.equal(
                    `No retry sent: the Workspace service is already ${status}: what ${jobType} job ${target.jobId} was for is done.`,
                );
                expect(message).to.include(`service=status ${status}, job_id console-retry-1`);
                expect(message).to.include("remove this JobRetry").and.include("set adoptJobId to console-retry-1");
                expect(postsTo(h.emulator, target.projectId)).to.equal(0);
            });
        }

        for (const [jobType, status] of [
            ["applyWorkspace", "CLOSED"],
            ["applyWorkspace", "DEREGISTRATION_FAILED"],
            ["cancelWorkspace", "SUBSCRIBED"],
            ["cancelWorkspace", "SUBSCRIPTION_FAILED"],
        ]) {
            it(`${jobType}, service ${status}: the other direction`, async () => {
                const target = withService(jobType, status);
                const message = await refused(target);
                expect(message.split("\n")[0]).to.match(
                    new RegExp(`^No retry sent: job ${target.jobId} is a (de)?registration .*, but the Workspace service is ${status}\\.$`),
                );
                expect(message).to.match(jobType === "cancelWorkspace" ? /would close a service/ : /would reopen a service/);
                expect(postsTo(h.emulator, target.projectId)).to.equal(0);
            });
        }

        it("the stale deregistration of the default seed, on a service stuck on a later registration, never reaches the POST", async () => {
            const stale = "a3c2d8f0-5b1e-4c7a-9f3d-2e6b8c4a1d70";
            const message = await h.host.create(h.props({ jobId: stale })).then(
                () => expect.fail("should refuse"),
                (error: HostCallError) => error.details,
            );
            expect(message).to.include("SUBSCRIPTION_FAILED").and.include("stale deregistration");
            expect(h.apiRequests().filter((request) => request.route === "retry")).to.have.length(0);
        });

        it("a status this version does not know: no POST", async () => {
            const target = withService("applyWorkspace", "FROZEN");
            expect(await refused(target)).to.match(
                /^No retry sent: the Workspace service's status "FROZEN" is not one this version knows\./,
            );
            expect(postsTo(h.emulator, target.projectId)).to.equal(0);
        });
    });

    describe("the state cannot be read: one warning line naming the permission, then the retry as before", () => {
        for (const [status, code] of [
            [403, "APIG.0302"],
            [404, "APIG.0101"],
        ] as const) {
            it(`GET .../workspaces answers ${status} ${code}: warns once, sends one POST`, async () => {
                const target = failedProject(h.emulator);
                const before = warnings().length;
                h.emulator.inject({ route: "getWorkspaces", kind: "status", status, code, projectId: target.projectId });
                const { id } = await create(target);
                expect(retriesOf(h.emulator, target.jobId)).to.deep.equal([id]);
                const added = warnings().slice(before);
                expect(added.map((match) => match[1])).to.deep.equal([target.jobId]);
                expect(added[0][2]).to.include(`HTTP ${status} ${code}`).and.include("grant workspace:workspaces:list");
            });
        }

        it("an answer without status: warns, sends one POST", async () => {
            const target = withService("applyWorkspace", "");
            h.emulator.setService(target.projectId, { status: "" });
            const before = warnings().length;
            await create(target).catch(() => undefined);
            expect(postsTo(h.emulator, target.projectId)).to.equal(1);
            expect(warnings().slice(before)).to.have.length(1);
        });

        it("the failed job cannot be read (403): warns naming workspace:jobs:get, sends one POST", async () => {
            const target = failedProject(h.emulator);
            h.emulator.inject({ route: "getJob", kind: "status", status: 403, code: "APIG.0302", projectId: target.projectId });
            const before = warnings().length;
            await create(target);
            expect(postsTo(h.emulator, target.projectId)).to.equal(1);
            expect(warnings().slice(before)[0][2]).to.include("grant workspace:jobs:get");
        });
    });

    describe("what the service's state says nothing about", () => {
        it("a failed job of another type (createDesktop): the retry API judges it (400), no warning", async () => {
            const before = warnings().length;
            const message = await h.host.create(h.props({ jobId: "c9e8d7f6-1a2b-4c3d-8e9f-0a1b2c3d4e5f" })).then(
                () => expect.fail("the API refuses it"),
                (error: HostCallError) => error.details,
            );
            expect(message).to.include("HTTP 400");
            expect(warnings().length).to.equal(before);
        });

        it("a job that does not exist: the read's 404 fails the create, before any POST", async () => {
            const message = await h.host.create(h.props({ jobId: "no-such-job" })).then(
                () => expect.fail("should fail"),
                (error: HostCallError) => error.details,
            );
            expect(message.split("\n")[0]).to.equal("Workspace read of job no-such-job failed: HTTP 404 WKS.00010023");
            expect(message).to.match(/request_id=[0-9a-f]{32}/);
            expect(h.apiRequests().filter((request) => request.route === "retry")).to.have.length(0);
        });
    });
});
