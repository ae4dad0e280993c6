/// <reference types="mocha" />
import { expect } from "chai";
import type { JobTiming } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { FAILED_JOB, Harness, startHarness } from "../support/jobRetryHarness";
import { HostCallError } from "../support/providerHost";

describe("waiting for the retried job, through the real host", () => {
    let h: Harness;

    before(async () => {
        h = await startHarness();
    });
    after(async () => h.stop());
    beforeEach(() => h.emulator.reset());

    function timing(value: Partial<JobTiming>): void {
        Object.assign(h.emulator.store.timing, { initMs: 100, runMs: 300, outcome: "SUCCESS", ...value });
    }

    async function createWaiting(extra: Record<string, unknown> = {}) {
        const checked = await h.host.check({}, h.props({ jobId: FAILED_JOB, waitForCompletion: true, ...extra }));
        expect(checked.failures).to.deep.equal([]);
        return h.host.create(checked.inputs);
    }

    async function failedCreate(extra: Record<string, unknown> = {}): Promise<HostCallError> {
        return createWaiting(extra).then(
            () => expect.fail("create should fail"),
            (error: HostCallError) => error,
        );
    }

    it("succeeds when the new job succeeds, with status, empty fail reason and sub job counts", async () => {
        timing({});
        const { id, properties } = await createWaiting();
        expect(properties.status).to.equal("SUCCESS");
        expect(properties.failReason).to.equal("");
        expect(properties.subJobs).to.deep.equal({ SUCCESS: 2 });
        const gets = h.apiRequests().filter((request) => request.route === "getJob");
        expect(gets.length).to.be.within(1, 3);
        expect(gets.every((request) => request.url.endsWith(`/workspace-jobs/${id}`))).to.equal(true);
        expect(h.emulator.jobsCreated).to.equal(1);
    });

    it("fails when the new job fails, and keeps the new job id in the state", async () => {
        timing({ outcome: "FAILED" });
        const error = await failedCreate();
        const newJob = h.emulator.store.all().find((job) => job.retriedFrom === FAILED_JOB && job.outcome === "FAILED");
        expect(error.initFailure, "a partial failure carries id and properties").to.not.equal(undefined);
        expect(error.initFailure!.id).to.equal(newJob!.id);
        expect(error.initFailure!.properties.newJobId).to.equal(newJob!.id);
        expect(error.initFailure!.properties.status).to.equal("FAILED");
        expect(error.initFailure!.properties.failReason).to.include("quota exceeded");
        expect(error.details).to.include(newJob!.id);
        expect(error.details).to.include("status FAILED");
        expect(error.details).to.include("quota exceeded");
        expect(h.emulator.jobsCreated).to.equal(1);
    });

    it("stores a partial failure that refresh, update and delete can use as it is (__provider included)", async () => {
        timing({ outcome: "FAILED" });
        const checked = await h.host.check({}, h.props({ jobId: FAILED_JOB, waitForCompletion: true }));
        const { initFailure } = await h.host.create(checked.inputs).then(
            () => expect.fail("create should fail"),
            (error: HostCallError) => error,
        );
        // Exactly what the engine stores: no key added, none removed.
        const stored = initFailure!.properties;
        expect(stored.__provider).to.equal(checked.inputs.__provider);
        h.emulator.reset();
        const read = await h.host.read(initFailure!.id, stored);
        expect(read.properties.status).to.equal("FAILED");
        await h.host.delete(initFailure!.id, read.properties);
        expect(h.apiRequests().filter((request) => request.route === "retry")).to.have.length(0);
    });

    it("fails when the job says SUCCESS but a sub job failed", async () => {
        timing({ outcome: "SUBJOB_FAILED" });
        const error = await failedCreate();
        expect(error.initFailure!.properties.status).to.equal("SUCCESS");
        expect(error.initFailure!.properties.subJobs).to.deep.equal({ FAILED: 1, SUCCESS: 1 });
        expect(error.initFailure!.properties.failReason).to.include("no capacity");
        expect(error.details).to.include("no capacity");
    });

    it("the update that follows a failed wait reads the job again (GETs only) and fails again, until waiting is dropped", async () => {
        timing({ outcome: "FAILED" });
        const { initFailure } = await failedCreate();
        const stored = initFailure!.properties;
        h.emulator.reset();
        const again = await h.host.update(initFailure!.id, stored, h.props({ jobId: FAILED_JOB, waitForCompletion: true })).then(
            () => expect.fail("update should fail while the job is failed"),
            (error: HostCallError) => error,
        );
        expect(again.details).to.include(initFailure!.id);
        expect(again.details).to.include("status FAILED");
        expect(again.details).to.include('change "triggers"');
        expect(again.initFailure!.properties.newJobId).to.equal(initFailure!.id);
        expect(again.initFailure!.properties.__provider).to.be.a("string").and.not.equal("");
        expect(h.apiRequests().map((request) => request.route))
            .to.include("getJob")
            .and.not.include("retry");
        h.emulator.reset();
        const accepted = await h.host.update(
            initFailure!.id,
            again.initFailure!.properties,
            h.props({ jobId: FAILED_JOB, waitForCompletion: false }),
        );
        expect(accepted.properties.status).to.equal("FAILED");
        expect(h.apiRequests()).to.have.length(0);
    });

    it("the update that follows a timed-out wait waits again and succeeds when the job does, with no second retry", async () => {
        timing({ initMs: 100, runMs: 2500 });
        const { initFailure } = await failedCreate({ waitTimeoutSeconds: 1 });
        expect(initFailure!.properties.status).to.be.oneOf(["INIT", "RUNNING"]);
        const green = await h.host.update(
            initFailure!.id,
            initFailure!.properties,
            h.props({ jobId: FAILED_JOB, waitForCompletion: true }),
        );
        expect(green.properties.status).to.equal("SUCCESS");
        expect(h.apiRequests().filter((request) => request.route === "retry")).to.have.length(1);
        expect(h.emulator.jobsCreated).to.equal(1);
    });

    it("fails after waitTimeoutSeconds, keeping the new job id and the status seen", async () => {
        timing({ runMs: 60_000 });
        const started = Date.now();
        const error = await failedCreate({ waitTimeoutSeconds: 1 });
        expect(Date.now() - started).to.be.below(5000);
        expect(error.details).to.include("did not finish within 1 s");
        expect(error.initFailure!.properties.status).to.be.oneOf(["INIT", "RUNNING"]);
        expect(error.initFailure!.id).to.equal(error.initFailure!.properties.newJobId);
        expect(h.emulator.jobsCreated).to.equal(1);
    });

    it("rides out throttled and failing GETs while waiting, without a second retry", async () => {
        timing({});
        h.emulator.inject({ route: "getJob", kind: "throttle", count: 2 });
        h.emulator.inject({ route: "getJob", kind: "status", status: 500 });
        const { properties } = await createWaiting();
        expect(properties.status).to.equal("SUCCESS");
        expect(h.emulator.jobsCreated).to.equal(1);
        expect(h.apiRequests().filter((request) => request.route === "retry")).to.have.length(1);
    });

    it("refresh (read) after the job finished reports its final status", async () => {
        timing({ initMs: 50, runMs: 100 });
        const checked = await h.host.check({}, h.props({ jobId: FAILED_JOB }));
        const { id, properties } = await h.host.create(checked.inputs);
        expect(properties).to.not.have.property("status");
        await new Promise((resolve) => setTimeout(resolve, 300));
        const read = await h.host.read(id, properties);
        expect(read.id).to.equal(id);
        expect(read.properties.status).to.equal("SUCCESS");
        expect(read.properties.subJobs).to.deep.equal({ SUCCESS: 2 });
        expect(h.apiRequests().filter((request) => request.route === "retry")).to.have.length(1);
    });

    it("refresh keeps the resource unchanged when the job is gone (404), and fails with the API's error otherwise", async () => {
        const checked = await h.host.check({}, h.props({ jobId: FAILED_JOB }));
        const { id, properties } = await h.host.create(checked.inputs);
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
