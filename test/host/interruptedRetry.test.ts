/// <reference types="mocha" />
/**
 * A retry POST cut off by a kill of the provider host (what a kill -9 of `pulumi up` does):
 * the next create of the same retry must not send a second POST, because the first may
 * have started a job. Driven through the real host against the emulator, with the host
 * killed while the emulator holds the POST's answer.
 */
import { readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { FAILED_JOB, Harness, startHarness } from "../support/jobRetryHarness";
import { journalDir } from "../../provider/host/retryJournal";
import { HostCallError } from "../support/providerHost";
import { until } from "../support/until";

describe("a retry POST cut off by a killed provider host, through the real host", function () {
    this.timeout(60_000);
    let h: Harness;

    beforeEach(async () => {
        h = await startHarness();
    });
    afterEach(async () => h.stop());

    const posts = () => h.apiRequests().filter((request) => request.route === "retry").length;
    const journal = () => journalDir({ XDG_STATE_HOME: h.stateHome })!;
    const notes = () => {
        try {
            return readdirSync(journal());
        } catch {
            return [];
        }
    };
    const retriesOfFailedJob = () => h.emulator.store.all().filter((job) => job.retriedFrom === FAILED_JOB);
    const failure = (call: Promise<unknown>) =>
        call.then(
            () => expect.fail("should fail"),
            (error: HostCallError) => error.details,
        );

    /** Sends a create whose answer the emulator holds, and kills the host once the POST has arrived (and started its job). */
    async function killHostMidPost(inputs: Record<string, unknown> = { jobId: FAILED_JOB }): Promise<void> {
        h.emulator.inject({ route: "retry", kind: "delay", delayMs: 5_000 });
        const before = posts();
        const create = h.host.create(h.props(inputs)).then(
            () => "answered",
            () => "cut off",
        );
        await until(
            () => posts() > before,
            () => `the POST never arrived:\n${h.host.output()}`,
            20_000,
            20,
        );
        process.kill(h.host.pid, "SIGKILL");
        expect(await create).to.equal("cut off");
        await h.restartHost();
    }

    it("the next create sends nothing and says the outcome is unknown, naming adoptJobId and the note", async () => {
        await killHostMidPost();
        expect(posts()).to.equal(1);
        expect(retriesOfFailedJob(), "the cut-off POST started a job").to.have.length(1);
        expect(notes(), "the note of the cut-off POST").to.have.length(1);

        const message = await failure(h.host.create(h.props({ jobId: FAILED_JOB })));
        const [firstLine] = message.split("\n");
        expect(firstLine).to.equal(
            `Outcome unknown: an earlier retry of job ${FAILED_JOB} was interrupted before its answer arrived; not sent again.`,
        );
        expect(message).to.match(/interrupted=sent at \d{4}-\d\d-\d\dT[\d:.]+Z by process \d+, which ended before the answer/);
        expect(message).to.include("if_a_job_started=set adoptJobId");
        expect(message).to.include(`if_none_started=delete ${path.join(journal(), notes()[0])} and run "pulumi up"`);
        expect(message).to.include(`call=POST ${h.emulator.url}/v2/`);
        expect(posts(), "POSTs after the next create").to.equal(1);

        // It stays stopped: a second attempt is refused the same way.
        await failure(h.host.create(h.props({ jobId: FAILED_JOB })));
        expect(posts()).to.equal(1);
    });

    it("adopting the job the cut-off POST started records it, sends nothing and clears the note", async () => {
        await killHostMidPost();
        const [started] = retriesOfFailedJob();
        const adopted = await h.host.create(h.props({ jobId: FAILED_JOB, adoptJobId: started.id }));
        expect(adopted.id).to.equal(started.id);
        expect(posts()).to.equal(1);
        expect(notes()).to.deep.equal([]);
        // With the note gone, a later create of the same retry (a new stack, say) sends it again.
        await h.host.create(h.props({ jobId: FAILED_JOB }));
        expect(posts()).to.equal(2);
    });

    it("deleting the note named in the error lets the next create retry once", async () => {
        await killHostMidPost();
        const message = await failure(h.host.create(h.props({ jobId: FAILED_JOB })));
        const file = /if_none_started=delete (\S+) and run/.exec(message)![1];
        rmSync(file);
        const created = await h.host.create(h.props({ jobId: FAILED_JOB }));
        expect(posts()).to.equal(2);
        expect(retriesOfFailedJob().map((job) => job.id)).to.include(created.id);
        expect(notes(), "a POST that got its answer leaves no note").to.deep.equal([]);
    });

    it("a changed triggers value is a deliberate new retry: it is sent", async () => {
        await killHostMidPost({ jobId: FAILED_JOB, triggers: { attempt: 1 } });
        await failure(h.host.create(h.props({ jobId: FAILED_JOB, triggers: { attempt: 1 } })));
        await h.host.create(h.props({ jobId: FAILED_JOB, triggers: { attempt: 2 } }));
        expect(posts()).to.equal(2);
    });

    it("a POST with an outcome in the host leaves no note, whatever the outcome", async () => {
        await h.host.create(h.props({ jobId: FAILED_JOB }));
        h.emulator.inject({ route: "retry", kind: "status", status: 504, code: "APIG.0201" });
        expect(await failure(h.host.create(h.props({ jobId: FAILED_JOB })))).to.match(/^Outcome unknown: the retry of job/);
        h.emulator.inject({ route: "retry", kind: "status", status: 400, code: "WKS.00010001" });
        await failure(h.host.create(h.props({ jobId: FAILED_JOB })));
        expect(notes()).to.deep.equal([]);
        // ...so after an "outcome unknown" answer the next create retries, as the error says it does.
        await h.host.create(h.props({ jobId: FAILED_JOB }));
        expect(posts()).to.equal(4);
    });
});
