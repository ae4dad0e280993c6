/// <reference types="mocha" />
/**
 * Waiting for the job a retry started, through the real host: `JobRetry` never waits itself
 * (its child `JobWait` does, in a step of its own), and `JobWait` succeeds only once the job
 * did, recording nothing otherwise.
 */
import { expect } from "chai";
import type { JobTiming } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { failedProject, Harness, jobWaitInputs, postsTo, retriesOf, startHarness } from "../support/jobRetryHarness";
import { HostCallError } from "../support/providerHost";

describe("waiting for the retried job, through the real host", () => {
    let h: Harness;
    let waitProvider: string;

    before(async () => {
        h = await startHarness();
        waitProvider = (await jobWaitInputs({ jobId: "any" })).__provider;
    });
    after(async () => h.stop());
    beforeEach(() => h.emulator.reset());

    function timing(value: Partial<JobTiming>): void {
        Object.assign(h.emulator.store.timing, { initMs: 100, runMs: 300, outcome: "SUCCESS", ...value });
    }

    /** Retries a fresh failed job (no wait) and returns the new job's id and project. */
    async function retried(): Promise<{ jobId: string; projectId: string }> {
        const target = failedProject(h.emulator);
        const { id } = await h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId }));
        return { jobId: id, projectId: target.projectId };
    }

    const waitProps = (inputs: Record<string, unknown>) => ({ ...inputs, __provider: waitProvider });
    const wait = async (inputs: Record<string, unknown>) => {
        const checked = await h.host.check({}, waitProps(inputs));
        expect(checked.failures).to.deep.equal([]);
        return h.host.create(checked.inputs);
    };
    const failedWait = (inputs: Record<string, unknown>) =>
        wait(inputs).then(
            () => expect.fail("the wait should fail"),
            (error: HostCallError) => error,
        );
    const getsOf = (jobId: string) => h.apiRequests().filter((request) => request.route === "getJob" && request.url.endsWith(`/${jobId}`));

    it("JobRetry never waits itself: a create with waitForCompletion (as states before 0.3 carry it) sends one POST and reads no new job", async () => {
        timing({ runMs: 60_000 });
        const target = failedProject(h.emulator);
        const started = Date.now();
        const { id, properties } = await h.host.create(
            h.props({ jobId: target.jobId, projectId: target.projectId, waitForCompletion: true, waitTimeoutSeconds: 1 }),
        );
        expect(Date.now() - started).to.be.below(900);
        expect(retriesOf(h.emulator, target.jobId)).to.deep.equal([id]);
        expect(getsOf(id), "GETs of the new job").to.have.length(0);
        expect(properties).to.not.have.property("status");
    });

    it("updating a state whose JobRetry waited itself and failed (0.1, 0.2) sends nothing and reads nothing: its child JobWait waits", async () => {
        timing({ outcome: "FAILED", initMs: 10, runMs: 20 });
        const { jobId, projectId } = await retried();
        h.emulator.reset();
        const olds = h.props({
            jobId: "6783cecb-0e5c-4521-a3ea-825f551c1ba9",
            projectId,
            waitForCompletion: true,
            newJobId: jobId,
            retriedAt: "t",
            status: "FAILED",
        });
        for (const news of [{}, { waitForCompletion: true }]) {
            const diff = await h.host.diff(jobId, olds, h.props({ jobId: olds.jobId, projectId, ...news }));
            expect(diff.replaces, "never a replacement (a retry)").to.deep.equal([]);
            const { properties } = await h.host.update(jobId, olds, h.props({ jobId: olds.jobId, projectId, ...news }));
            expect(properties.newJobId).to.equal(jobId);
        }
        expect(h.apiRequests()).to.have.length(0);
    });

    it("JobWait succeeds when the job succeeds, with status, empty fail reason and sub job counts", async () => {
        timing({});
        const job = await retried();
        const { id, properties } = await wait(job);
        expect(id).to.equal(job.jobId);
        expect(properties).to.include({ status: "SUCCESS", failReason: "" });
        expect(properties.subJobs).to.deep.equal({ SUCCESS: 2 });
        expect(properties.finishedAt).to.be.a("string");
        expect(getsOf(job.jobId).length).to.be.within(1, 3);
        expect(postsTo(h.emulator, job.projectId)).to.equal(1);
    });

    it("JobWait fails when the job fails, records nothing, and never retries", async () => {
        timing({ outcome: "FAILED" });
        const job = await retried();
        const error = await failedWait(job);
        expect(error.initFailure, "nothing recorded: the next up waits again").to.equal(undefined);
        expect(error.details).to.include(job.jobId).and.include("status FAILED").and.include("quota exceeded");
        expect(postsTo(h.emulator, job.projectId)).to.equal(1);
    });

    it("JobWait fails when the job says SUCCESS but a sub job failed", async () => {
        timing({ outcome: "SUBJOB_FAILED" });
        const error = await failedWait(await retried());
        expect(error.details).to.include("no capacity");
    });

    it("JobWait fails after waitTimeoutSeconds, and a later wait succeeds when the job does", async () => {
        timing({ initMs: 100, runMs: 2500 });
        const job = await retried();
        const started = Date.now();
        const error = await failedWait({ ...job, waitTimeoutSeconds: 1 });
        expect(Date.now() - started).to.be.below(5000);
        expect(error.details).to.include("did not finish within 1 s");
        const { properties } = await wait(job);
        expect(properties.status).to.equal("SUCCESS");
        expect(postsTo(h.emulator, job.projectId)).to.equal(1);
    });

    it("JobWait rides out throttled and failing GETs", async () => {
        timing({});
        const job = await retried();
        h.emulator.inject({ route: "getJob", kind: "throttle", count: 2 });
        h.emulator.inject({ route: "getJob", kind: "status", status: 500 });
        expect((await wait(job)).properties.status).to.equal("SUCCESS");
    });

    it("JobWait with enabled: false reads nothing and records its inputs, even for a failed job; refresh reads nothing either", async () => {
        timing({ outcome: "FAILED", initMs: 10, runMs: 20 });
        const job = await retried();
        h.emulator.reset();
        const { id, properties } = await wait({ ...job, enabled: false });
        expect(id).to.equal(job.jobId);
        expect(properties).to.include({ jobId: job.jobId, enabled: false }).and.not.have.property("status");
        await h.host.read(id, properties);
        expect(h.apiRequests()).to.have.length(0);
        const diff = await h.host.diff(id, properties, waitProps({ ...job, enabled: true }));
        expect(diff.replaces, "turning the wait on is another wait").to.deep.equal(["enabled"]);
    });

    it("JobWait checks enabled: a boolean, named in the failure", async () => {
        const checked = await h.host.check({}, waitProps({ jobId: "j", enabled: "no" }));
        expect(checked.failures).to.deep.equal([{ property: "enabled", reason: 'must be true or false; got "no"' }]);
    });

    it("refresh of a JobRetry after its job finished reports its final status", async () => {
        timing({ initMs: 50, runMs: 100 });
        const target = failedProject(h.emulator);
        const { id, properties } = await h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId }));
        await new Promise((resolve) => setTimeout(resolve, 300));
        const read = await h.host.read(id, properties);
        expect(read.id).to.equal(id);
        expect(read.properties.status).to.equal("SUCCESS");
        expect(read.properties.subJobs).to.deep.equal({ SUCCESS: 2 });
        expect(postsTo(h.emulator, target.projectId)).to.equal(1);
    });

    it("refresh keeps the resource unchanged when the job is gone (404), and fails with the API's error otherwise", async () => {
        const target = failedProject(h.emulator);
        const { id, properties } = await h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId }));
        h.emulator.inject({ route: "getJob", kind: "status", status: 404, code: "WKS.00010404" });
        const kept = await h.host.read(id, properties);
        expect(kept.id).to.equal(id);
        expect(kept.properties).to.deep.equal(properties);
        h.emulator.inject({ route: "getJob", kind: "status", status: 403, code: "APIG.0302" });
        const error = await h.host.read(id, properties).then(
            () => expect.fail("refresh should fail on a 403"),
            (failure: HostCallError) => failure,
        );
        expect(error.details).to.include("HTTP 403").and.include("APIG.0302");
    });
});
