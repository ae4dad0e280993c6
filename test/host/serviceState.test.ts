/// <reference types="mocha" />
/**
 * The search for the job of a lost retry answer, in-process against the emulator, with the
 * `sleep` seam: how long it looks and what it takes as the started job.
 */
import { expect } from "chai";
import { DEFAULT_TOKEN, seedFailedJobs, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { createHttpTransport } from "../../provider/client/axiosTransport";
import { createSigner } from "../../provider/client/signing";
import { WorkspaceClient } from "../../provider/client/workspaceClient";
import { findStartedJob, readBeforeRetry } from "../../provider/host/serviceState";
import { LOST_ANSWER_CHECK_DELAYS_MS } from "../../provider/shared/constants";

describe("provider/host/serviceState: finding the job of a lost answer", () => {
    let emulator: WorkspaceEmulator;
    let project = 0;

    before(async () => {
        emulator = await WorkspaceEmulator.start({ seed: [], timing: { initMs: 100, runMs: 60_000 } });
    });
    after(() => emulator.stop());

    function setUp() {
        const projectId = `${String(++project).padStart(32, "0")}`;
        const [failed] = seedFailedJobs(emulator.store, { projectId, beginTime: "2024-05-01T00:00:00Z" });
        const client = new WorkspaceClient({
            endpoint: emulator.url,
            projectId,
            signer: createSigner({ kind: "token", token: DEFAULT_TOKEN }),
            transport: createHttpTransport(),
        });
        return { projectId, failed, client };
    }

    it("reads the service up to 4 times, about 10 s in all, through the sleep seam, and says what it saw", async () => {
        const { failed, client } = setUp();
        const before = await readBeforeRetry(client, failed.id);
        const delays: number[] = [];
        const result = await findStartedJob(client, before.job!, "applyWorkspace", before.service!, async (ms) => {
            delays.push(ms);
        });
        expect(delays).to.deep.equal([...LOST_ANSWER_CHECK_DELAYS_MS]);
        expect(delays.reduce((sum, ms) => sum + ms, 0)).to.equal(10_000);
        expect(result).to.deep.equal({
            seen: `after 4 read(s) the service showed status SUBSCRIPTION_FAILED, job_id ${failed.id}, and no sub job of applyWorkspace began after job ${failed.id} ended`,
        });
    });

    it("takes a job that shows up on a later read, and stops reading there", async () => {
        const { failed, client } = setUp();
        const before = await readBeforeRetry(client, failed.id);
        let reads = 0;
        let started = "";
        const result = await findStartedJob(client, before.job!, "applyWorkspace", before.service!, async () => {
            if (++reads === 3) started = emulator.store.startRetry(failed).id;
        });
        expect(reads).to.equal(3);
        expect("found" in result && result.found.id).to.equal(started);
    });

    it("does not take an older retry that failed before the service showed its job: only jobs newer than the shown one count", async () => {
        const { failed, client } = setUp();
        Object.assign(emulator.store.timing, { initMs: 0, runMs: 0, outcome: "FAILED" });
        const older = emulator.store.startRetry(failed);
        const shown = emulator.store.startRetry(failed);
        Object.assign(emulator.store.timing, { initMs: 100, runMs: 60_000, outcome: "SUCCESS" });
        const before = await readBeforeRetry(client, failed.id);
        expect(before.service).to.include({ status: "SUBSCRIPTION_FAILED", jobId: shown.id });
        const result = await findStartedJob(client, before.job!, "applyWorkspace", before.service!, async () => undefined);
        expect(result, `neither ${older.id} nor ${shown.id} is new`).to.have.property("seen");
    });

    it("does not take a job of the other type the service shows", async () => {
        const { projectId, failed, client } = setUp();
        const before = await readBeforeRetry(client, failed.id);
        emulator.setService(projectId, { status: "DEREGISTERING", jobId: "someone-closing" });
        const result = await findStartedJob(client, before.job!, "applyWorkspace", before.service!, async () => undefined);
        expect(result).to.have.property("seen");
    });
});
