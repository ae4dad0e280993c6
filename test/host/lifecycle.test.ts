/// <reference types="mocha" />
import { expect } from "chai";
import { Harness, FAILED_JOB, FAILED_CANCEL_JOB, PROJECT, SUCCEEDED_JOB, startHarness } from "../support/jobRetryHarness";
import { HostCallError, UNKNOWN } from "../support/providerHost";

describe("JobRetry through the real dynamic-provider host", () => {
    let h: Harness;

    before(async () => {
        h = await startHarness();
    });
    after(async () => h.stop());
    beforeEach(() => h.emulator.reset());

    async function create(inputs: Record<string, unknown>) {
        const checked = await h.host.check({}, h.props(inputs));
        expect(checked.failures).to.deep.equal([]);
        return h.host.create(checked.inputs);
    }

    describe("check", () => {
        it("accepts valid inputs without sending anything", async () => {
            const result = await h.host.check({}, h.props({ jobId: FAILED_JOB, projectId: PROJECT, triggers: { attempt: 2 } }));
            expect(result.failures).to.deep.equal([]);
            expect(h.apiRequests()).to.have.length(0);
        });

        it("names the field and what is allowed for an unsafe id", async () => {
            const result = await h.host.check({}, h.props({ jobId: "../../other/actions", projectId: "p q" }));
            expect(result.failures.map((failure) => failure.property)).to.have.members(["jobId", "projectId"]);
            for (const failure of result.failures) {
                expect(failure.reason).to.match(/letters, digits, "-" and "_"/);
            }
            expect(h.apiRequests()).to.have.length(0);
        });

        it("requires jobId", async () => {
            const result = await h.host.check({}, h.props({}));
            expect(result.failures).to.have.length(1);
            expect(result.failures[0].property).to.equal("jobId");
            expect(result.failures[0].reason).to.match(/required/);
        });

        it("lets values still unknown in preview pass", async () => {
            const result = await h.host.check({}, h.props({ jobId: UNKNOWN, projectId: UNKNOWN, triggers: UNKNOWN, endpoint: UNKNOWN }));
            expect(result.failures).to.deep.equal([]);
        });

        it("refuses a plain-http remote endpoint before any request", async () => {
            const result = await h.host.check({}, h.props({ jobId: FAILED_JOB, endpoint: "http://workspace.example.com" }));
            expect(result.failures).to.have.length(1);
            expect(result.failures[0].property).to.equal("endpoint");
            expect(result.failures[0].reason).to.match(/https/);
        });
    });

    describe("create", () => {
        it("reads the job and the service, then sends exactly one retry and records the new job id", async () => {
            const { id, properties } = await create({ jobId: FAILED_JOB, projectId: PROJECT, triggers: { attempt: 2 } });
            expect(
                h
                    .apiRequests()
                    .slice(0, 2)
                    .map((request) => `${request.method} ${request.url}`)
                    .sort(),
            ).to.deep.equal([`GET /v2/${PROJECT}/workspace-jobs/${FAILED_JOB}`, `GET /v2/${PROJECT}/workspaces`]);
            const requests = h.apiRequests().slice(2);
            expect(requests).to.have.length(1);
            expect(requests[0].method).to.equal("POST");
            expect(requests[0].url).to.equal(`/v2/${PROJECT}/workspace-jobs/${FAILED_JOB}/actions`);
            expect(JSON.parse(requests[0].body)).to.deep.equal({ op_type: "retry" });
            expect(requests[0].headers["content-type"]).to.equal("application/json");
            expect(requests[0].auth).to.equal("token");
            expect(h.emulator.jobsCreated).to.equal(1);
            const newJob = h.emulator.store.all().find((job) => job.retriedFrom === FAILED_JOB);
            expect(id).to.equal(newJob?.id);
            expect(properties.newJobId).to.equal(id);
            expect(properties.jobId).to.equal(FAILED_JOB);
            expect(properties.projectId).to.equal(PROJECT);
            expect(properties.triggers).to.deep.equal({ attempt: 2 });
            expect(new Date(properties.retriedAt).toISOString()).to.equal(properties.retriedAt);
        });

        it("takes the project id from the environment when there is no input", async () => {
            const { properties } = await create({ jobId: FAILED_JOB });
            expect(h.apiRequests().map((request) => request.url)).to.include(`/v2/${PROJECT}/workspace-jobs/${FAILED_JOB}/actions`);
            expect(properties).to.not.have.property("projectId");
        });

        it("fails with a short first line, then the call, status, error code, message and request id", async () => {
            const error = await create({ jobId: "no-such-job" }).then(
                () => expect.fail("create should fail"),
                (e: HostCallError) => e,
            );
            expect(h.apiRequests().filter((request) => request.route === "retry")).to.have.length(0);
            expect(error.details.split("\n")[0]).to.equal("Workspace read of job no-such-job failed: HTTP 404 WKS.00010023");
            expect(error.details).to.include(`call=GET ${h.emulator.url}/v2/${PROJECT}/workspace-jobs/no-such-job`);
            expect(error.details).to.include("HTTP 404");
            expect(error.details).to.include("error_code=WKS.00010023");
            expect(error.details).to.include("does not exist");
            expect(error.details).to.match(/request_id=[0-9a-f]{32}/);
            expect(error.initFailure).to.equal(undefined);
        });

        it("explains that only failed jobs can be retried", async () => {
            const error = await create({ jobId: SUCCEEDED_JOB }).then(
                () => expect.fail("create should fail"),
                (e: HostCallError) => e,
            );
            expect(error.details).to.include("HTTP 400");
            expect(error.details).to.include("only FAILED");
            expect(h.emulator.jobsCreated).to.equal(0);
        });
    });

    describe("diff", () => {
        const olds = {
            jobId: FAILED_JOB,
            projectId: PROJECT,
            triggers: { a: 1, b: [1, 2] },
            region: "cn-north-4",
            newJobId: "n",
            retriedAt: "t",
        };

        it("sees no change when triggers differ only in key order", async () => {
            const result = await h.host.diff(
                "n",
                h.props(olds),
                h.props({ jobId: FAILED_JOB, projectId: PROJECT, triggers: { b: [1, 2], a: 1 }, region: "cn-north-4" }),
            );
            expect(result.changes).to.equal("none");
            expect(result.replaces).to.deep.equal([]);
        });

        const changes: Array<[string, Record<string, unknown>]> = [
            ["triggers", { triggers: { a: 1, b: [2, 1] } }],
            ["jobId", { jobId: FAILED_CANCEL_JOB }],
            ["projectId", { projectId: "0123456789abcdef0123456789abcdef" }],
        ];
        for (const [name, change] of changes) {
            it(`replaces (retries again) when ${name} changes`, async () => {
                const news = { jobId: FAILED_JOB, projectId: PROJECT, triggers: { a: 1, b: [1, 2] }, region: "cn-north-4", ...change };
                const result = await h.host.diff("n", h.props(olds), h.props(news));
                expect(result.changes).to.equal("some");
                expect(result.replaces).to.deep.equal([name]);
            });
        }

        it("updates in place when only region or endpoint changes", async () => {
            const news = { jobId: FAILED_JOB, projectId: PROJECT, triggers: { a: 1, b: [1, 2] }, endpoint: "https://proxy.example.com" };
            const result = await h.host.diff("n", h.props(olds), h.props(news));
            expect(result.changes).to.equal("some");
            expect(result.replaces).to.deep.equal([]);
        });

        it("does not crash on unknown preview values and plans a replacement", async () => {
            const result = await h.host.diff(
                "n",
                h.props(olds),
                h.props({ jobId: FAILED_JOB, projectId: PROJECT, triggers: { a: UNKNOWN, b: [1, 2] }, region: UNKNOWN }),
            );
            expect(result.changes).to.equal("some");
            expect(result.replaces).to.deep.equal(["triggers"]);
        });
    });

    describe("after create", () => {
        let id: string;
        let outputs: Record<string, any>;

        before(async () => {
            h.emulator.reset();
            ({ id, properties: outputs } = await create({ jobId: FAILED_JOB, triggers: ["x"] }));
            h.emulator.reset();
        });

        it("update makes no API call, keeps the new job id and echoes the changed settings", async () => {
            const { properties } = await h.host.update(
                id,
                outputs,
                h.props({ jobId: FAILED_JOB, triggers: ["x"], endpoint: h.emulator.url }),
            );
            expect(h.apiRequests()).to.have.length(0);
            expect(properties.newJobId).to.equal(id);
            expect(properties.retriedAt).to.equal(outputs.retriedAt);
            expect(properties.endpoint).to.equal(h.emulator.url);
        });

        it("read (refresh) keeps the resource and never retries", async () => {
            const result = await h.host.read(id, outputs);
            expect(result.id).to.equal(id);
            expect(result.properties.newJobId).to.equal(id);
            expect(h.apiRequests().filter((request) => request.method === "POST")).to.have.length(0);
        });

        it("read keeps the resource when the job is gone (404)", async () => {
            const gone = { ...outputs, newJobId: "vanished-job" };
            const result = await h.host.read("vanished-job", gone);
            expect(result.id).to.equal("vanished-job");
            expect(result.properties.newJobId).to.equal("vanished-job");
        });

        it("delete makes no API call: the serialized provider has no delete, so the host deletes nothing", async () => {
            expect(outputs.__provider)
                .to.be.a("string")
                .and.include("create")
                .and.not.match(/\bdelete\s*:/);
            await h.host.delete(id, outputs);
            expect(h.apiRequests()).to.have.length(0);
        });
    });
});
