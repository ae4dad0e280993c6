/// <reference types="mocha" />
/**
 * The retry journal on a real temporary folder, with the processes it asks about as seams:
 * which notes stop a retry (interrupted, answered after their command ended, in flight
 * elsewhere) and which do not (this process, another machine, another retry), what a note
 * holds, and that a folder that cannot be written never stops a retry.
 * The same behaviour through the real host and CLI: test/host/interruptedRetry.test.ts and
 * test/e2e/recovery.test.ts.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { journalDir, Lineage, RetryIntent, RetryInterruptedError, RetryJournal, RetryJournalWorld } from "../../provider/host/retryJournal";

const INTENT: RetryIntent = {
    endpoint: "https://workspace.cn-north-4.myhuaweicloud.com",
    projectId: "29dfe82ada564ac2b927e1ff036d9a9b",
    jobId: "6783cecb-0e5c-4521-a3ea-825f551c1ba9",
    triggers: { a: 1, b: [1, 2] },
};
const NEW_JOB = "0b6c2d5e-1f3a-4b7c-9d8e-2a4f6c8e0b1d";

describe("RetryJournal", () => {
    let dir: string;
    let running: Set<number>;
    let engine: Lineage;

    beforeEach(() => {
        dir = path.join(mkdtempSync(path.join(tmpdir(), "retry-journal-")), "notes");
        running = new Set([100, 200]);
        engine = [50, 1];
    });
    afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

    /** A journal as process `pid` of machine `hostname` would see it. */
    function journal(world: Partial<RetryJournalWorld> = {}): RetryJournal {
        return new RetryJournal({
            dir,
            pid: 100,
            hostname: "runner-1",
            bootId: "boot-1",
            isRunning: (pid) => running.has(pid),
            lineage: () => engine,
            now: () => new Date("2026-12-03T09:00:00.000Z"),
            ...world,
        });
    }
    const files = () => readdirSync(dir);

    it("a POST with an outcome while its command runs leaves no note", async () => {
        const inFlight = await journal().begin(INTENT);
        expect(files()).to.have.length(1);
        await inFlight.settled({ newJobId: NEW_JOB });
        expect(files()).to.deep.equal([]);
        const failed = await journal().begin(INTENT);
        await failed.settled({ error: new Error("Outcome unknown: ...") });
        expect(files()).to.deep.equal([]);
    });

    it("a note holds where, what and who, and nothing else", async () => {
        await journal().begin(INTENT);
        const note = JSON.parse(readFileSync(path.join(dir, files()[0]), "utf8"));
        expect(note).to.deep.equal({
            endpoint: INTENT.endpoint,
            projectId: INTENT.projectId,
            jobId: INTENT.jobId,
            startedAt: "2026-12-03T09:00:00.000Z",
            pid: 100,
            hostname: "runner-1",
            bootId: "boot-1",
        });
    });

    it("the note of a process that ended before the answer stops the retry: interrupted", async () => {
        await journal({ pid: 300 }).begin(INTENT);
        const [found] = await journal().unsettled(INTENT);
        expect(found).to.include({ state: "interrupted", pid: 300, startedAt: "2026-12-03T09:00:00.000Z" });
        expect(found.file).to.equal(path.join(dir, files()[0]));
    });

    it("with the real process checks: a running process is in flight, a zombie (killed, not reaped) is interrupted", async function () {
        if (process.platform !== "linux") this.skip(); // zombies are told apart through /proc
        // `sleep 0` exits at once; its parent execs into `sleep 5`, which never reaps it.
        const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
        try {
            const zombie = Number((await once(parent.stdout!, "data"))[0].toString().trim());
            await new Promise((resolve) => setTimeout(resolve, 200));
            const real = new RetryJournal({ dir, pid: 100 });
            await new RetryJournal({ dir, pid: parent.pid! }).begin(INTENT);
            await new RetryJournal({ dir, pid: zombie }).begin({ ...INTENT, triggers: "zombie" });
            expect((await real.unsettled(INTENT)).map((note) => note.state)).to.deep.equal(["in-flight"]);
            expect((await real.unsettled({ ...INTENT, triggers: "zombie" })).map((note) => note.state)).to.deep.equal(["interrupted"]);
        } finally {
            parent.kill("SIGKILL");
        }
    });

    it("a note from before a reboot is interrupted, even if its pid runs again", async () => {
        await journal({ pid: 200, bootId: "boot-0" }).begin(INTENT);
        expect((await journal().unsettled(INTENT)).map((note) => note.state)).to.deep.equal(["interrupted"]);
    });

    it("a POST answered after its command ended keeps its note, with the job it started: orphaned", async () => {
        const inFlight = await journal({ pid: 200 }).begin(INTENT);
        engine = [1];
        await inFlight.settled({ newJobId: NEW_JOB });
        const [found] = await journal().unsettled(INTENT);
        expect(found).to.include({ state: "orphaned", newJobId: NEW_JOB, pid: 200 });

        engine = [50, 1];
        const failing = await journal({ pid: 200 }).begin({ ...INTENT, jobId: "other-job" });
        engine = [1];
        await failing.settled({ error: new Error("Outcome unknown: the retry of job other-job ...\n    call=POST ...") });
        const [unknown] = await journal().unsettled({ ...INTENT, jobId: "other-job" });
        expect(unknown).to.include({ state: "orphaned", error: "Outcome unknown: the retry of job other-job ..." });
        expect(unknown.newJobId).to.equal(undefined);
    });

    it("a grandparent that cannot be read is not taken for an ended command", async () => {
        const inFlight = await journal().begin(INTENT);
        engine = [50];
        await inFlight.settled({ newJobId: NEW_JOB });
        expect(files()).to.deep.equal([]);
    });

    it("a POST in flight in another running process stops the retry; one in flight in this process does not", async () => {
        await journal({ pid: 200 }).begin(INTENT);
        expect((await journal().unsettled(INTENT)).map((note) => note.state)).to.deep.equal(["in-flight"]);
        rmSync(dir, { recursive: true });
        await journal().begin(INTENT);
        expect(await journal().unsettled(INTENT)).to.deep.equal([]);
    });

    it("notes of other machines, other retries and unreadable notes are not this retry's business", async () => {
        await journal({ pid: 300, hostname: "runner-2" }).begin(INTENT);
        await journal({ pid: 300 }).begin({ ...INTENT, triggers: { a: 2 } });
        await journal({ pid: 300 }).begin({ ...INTENT, endpoint: "https://workspace.cn-east-3.myhuaweicloud.com" });
        await journal({ pid: 300 }).begin({ ...INTENT, projectId: "another" });
        writeFileSync(path.join(dir, `${files()[0].split(".")[0]}.1.x.json`), "not json");
        expect(await journal().unsettled(INTENT)).to.deep.equal([]);
    });

    it("triggers are compared by value: key order does not make another retry", async () => {
        await journal({ pid: 300 }).begin({ ...INTENT, triggers: { b: [1, 2], a: 1 } });
        expect(await journal().unsettled(INTENT)).to.have.length(1);
    });

    it("forget removes the notes dealt with", async () => {
        await journal({ pid: 300 }).begin(INTENT);
        const j = journal();
        await j.forget(await j.unsettled(INTENT));
        expect(files()).to.deep.equal([]);
    });

    it("without a folder, or with one that cannot be made, it never stops a retry", async () => {
        const off = journal({ dir: undefined });
        await (await off.begin(INTENT)).settled({ newJobId: NEW_JOB });
        expect(await off.unsettled(INTENT)).to.deep.equal([]);
        // A regular file where the folder should be: mkdir fails (ENOTDIR), even for root.
        const blocked = path.join(path.dirname(dir), "a-file");
        writeFileSync(blocked, "");
        const unwritable = journal({ dir: path.join(blocked, "notes") });
        const inFlight = await unwritable.begin(INTENT);
        await inFlight.settled({ newJobId: NEW_JOB });
        expect(await unwritable.unsettled(INTENT)).to.deep.equal([]);
    });

    it("lives under $XDG_STATE_HOME, else ~/.local/state", () => {
        expect(journalDir({ XDG_STATE_HOME: "/s", HOME: "/h" })).to.equal("/s/pulumi-huaweicloud-workspace-jobs/retries-in-flight");
        expect(journalDir({ HOME: "/h" })).to.equal("/h/.local/state/pulumi-huaweicloud-workspace-jobs/retries-in-flight");
    });
});

describe("RetryInterruptedError", () => {
    const note = { file: "/s/n.json", startedAt: "2026-12-03T09:00:00.000Z", pid: 300 };
    const call = `call=POST ${INTENT.endpoint}/v2/${INTENT.projectId}/workspace-jobs/${INTENT.jobId}/actions`;

    it("interrupted: outcome unknown, with adoptJobId and the note to delete", () => {
        const { message } = new RetryInterruptedError(INTENT, [{ ...note, state: "interrupted" }]);
        const lines = message.split("\n");
        expect(lines[0]).to.equal(
            `Outcome unknown: an earlier retry of job ${INTENT.jobId} was interrupted before its answer arrived; not sent again.`,
        );
        expect(message).to.include("if_a_job_started=set adoptJobId").and.include('if_none_started=delete /s/n.json and run "pulumi up"');
        expect(lines.at(-1)!.trim()).to.equal(call);
    });

    it("orphaned with a job: names the job to adopt", () => {
        const { message } = new RetryInterruptedError(INTENT, [{ ...note, state: "orphaned", newJobId: NEW_JOB }]);
        expect(message.split("\n")[0]).to.equal(
            `Job ${INTENT.jobId} was already retried as job ${NEW_JOB}; its pulumi command ended before recording it.`,
        );
        expect(message).to.include(`to_record_it=set adoptJobId to ${NEW_JOB}`);
    });

    it("orphaned with an error: outcome unknown, with what the answer was", () => {
        const { message } = new RetryInterruptedError(INTENT, [{ ...note, state: "orphaned", error: "Outcome unknown: HTTP 504" }]);
        expect(message.split("\n")[0]).to.match(/^Outcome unknown: an earlier retry/);
        expect(message).to.include("answered after its pulumi command had ended: Outcome unknown: HTTP 504");
    });

    it("in flight elsewhere: names the process", () => {
        const { message } = new RetryInterruptedError(INTENT, [{ ...note, state: "in-flight" }]);
        expect(message.split("\n")[0]).to.equal(`Another retry of job ${INTENT.jobId} is in flight in process 300; not sent again.`);
    });

    it("every first line is short", () => {
        for (const state of ["interrupted", "orphaned", "in-flight"] as const) {
            const first = new RetryInterruptedError(INTENT, [
                { ...note, state, newJobId: state === "orphaned" ? NEW_JOB : undefined },
            ]).message.split("\n")[0];
            expect(first.length, first).to.be.at.most(160);
        }
    });
});
