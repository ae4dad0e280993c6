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

    it("fails when the job says SUCCESS but a sub job failed", async () => {
        timing({ outcome: "SUBJOB_FAILED" });
        const error = await failedCreate();
        expect(error.initFailure!.properties.status).to.equal("SUCCESS");
        expect(error.initFailure!.properties.subJobs).to.deep.equal({ FAILED: 1, SUCCESS: 1 });
        expect(error.initFailure!.properties.failReason).to.include("no capacity");
        expect(error.details).to.include("no capacity");
    });

    it("the update that follows a failed wait fails again without any request, until waiting is dropped or the job is seen succeeding", async () => {
        timing({ outcome: "FAILED" });
        const { initFailure } = await failedCreate();
        const outputs = initFailure!.properties;
        h.emulator.reset();
        const again = await h.host.update(initFailure!.id, outputs, h.props({ jobId: FAILED_JOB, waitForCompletion: true })).then(
            () => expect.fail("update should fail while the job is failed"),
            (error: HostCallError) => error,
        );
        expect(again.details).to.include(initFailure!.id);
        expect(again.details).to.include("status FAILED");
        expect(again.details).to.include('change "triggers"');
        expect(again.initFailure!.properties.newJobId).to.equal(initFailure!.id);
        const accepted = await h.host.update(initFailure!.id, outputs, h.props({ jobId: FAILED_JOB, waitForCompletion: false }));
        expect(accepted.properties.status).to.equal("FAILED");
        const succeeded = { ...outputs, status: "SUCCESS", failReason: "", subJobs: { SUCCESS: 2 } };
        const green = await h.host.update(initFailure!.id, succeeded, h.props({ jobId: FAILED_JOB, waitForCompletion: true }));
        expect(green.properties.newJobId).to.equal(initFailure!.id);
        expect(h.apiRequests()).to.have.length(0);
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

    it("refresh keeps the resource unchanged when the API fails", async () => {
        h.emulator.inject({ route: "getJob", kind: "status", status: 403, code: "APIG.0302" });
        const outputs = { jobId: FAILED_JOB, newJobId: "some-job", retriedAt: "2026-01-01T00:00:00.000Z" };
        const read = await h.host.read("some-job", h.props(outputs));
        expect(read.id).to.equal("some-job");
        expect(read.properties).to.include(outputs);
    });
});
