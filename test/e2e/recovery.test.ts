/// <reference types="mocha" />
/**
 * What the next `pulumi` command does after something went wrong: a failed or timed-out
 * wait, an interrupt or a kill mid-wait, a kill mid-POST, a setting moved, an "outcome unknown" retry.
 * Each scenario drives the real CLI against the emulator, lets every command work on
 * exactly the state the engine stored, and counts the retry POSTs the emulator received.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { DEFAULT_PROJECT_ID, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { CommandResult, LocalStack } from "../../scripts/localStack";
import { journalDir, procStat } from "../../provider/host/retryJournal";
import { engineOrSkip } from "../support/engine";
import { until } from "../support/until";

const PROGRAM = path.join(__dirname, "programs", "recovery");
const TOKEN = "e2e-recovery-token-never-stored";
const FAILED_JOB = "6783cecb-0e5c-4521-a3ea-825f551c1ba9";
const JOB_RETRY = "pulumi-nodejs:dynamic:JobRetry";
const JOB_WAIT = "pulumi-nodejs:dynamic:JobWait";

/** When a process started (clock ticks since boot), to tell it from a later one with its pid. */
function startTimeOf(pid: number): string | undefined {
    return procStat(pid)?.[19];
}

/** Every process below `root`, read from /proc (Linux). */
function descendantsOf(root: number): number[] {
    const parents = new Map<number, number>();
    for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
        const fields = procStat(entry);
        if (fields) parents.set(Number(entry), Number(fields[1]));
    }
    const found: number[] = [];
    const visit = (pid: number) => {
        for (const [child, parent] of parents) {
            if (parent === pid) {
                found.push(child);
                visit(child);
            }
        }
    };
    visit(root);
    return found;
}

interface StateResource {
    type: string;
    id?: string;
    outputs?: Record<string, unknown>;
}

describe("end to end: recovery paths through the real Pulumi CLI", function () {
    this.timeout(10 * 60_000);
    let pulumi: string;
    let emulator: WorkspaceEmulator;
    let stack: LocalStack;
    let stacks = 0;

    before(async function () {
        pulumi = engineOrSkip(this);
        emulator = await WorkspaceEmulator.start({ tokens: [TOKEN] });
    });
    /** Plugins of interrupted commands: a kill of the CLI alone leaves them running. */
    const leftovers: Array<{ pid: number; started?: string }> = [];
    after(async () => {
        // Only the same processes: a pid may have been reused meanwhile.
        for (const { pid, started } of leftovers) if (started && startTimeOf(pid) === started) process.kill(pid, "SIGKILL");
        await emulator?.stop();
    });
    afterEach(async () => stack?.remove());

    const posts = () => emulator.requests.filter((request) => request.route === "retry").length;
    let earlierJobs = new Set<string>();
    /** Jobs started by retries of the failed job in this scenario, oldest first. */
    const retriesOf = () => emulator.store.all().filter((job) => job.retriedFrom === FAILED_JOB && !earlierJobs.has(job.id));
    const timing = (value: Partial<WorkspaceEmulator["store"]["timing"]>) =>
        Object.assign(emulator.store.timing, { initMs: 50, runMs: 200, outcome: "SUCCESS", ...value });

    /** A fresh stack of the recovery program, pointed at the emulator. */
    async function newStack(config: Record<string, string>, env: Record<string, string> = { HW_PROJECT_ID: DEFAULT_PROJECT_ID }) {
        emulator.reset();
        earlierJobs = new Set(emulator.store.all().map((job) => job.id));
        stack = await LocalStack.create({ pulumi, programDir: PROGRAM, stack: `r${++stacks}`, env });
        await stack.setConfig("huaweicloud:token", TOKEN, true);
        await stack.setConfig("jobId", FAILED_JOB);
        for (const [key, value] of Object.entries(config)) await stack.setConfig(key, value);
        return stack;
    }

    async function resources(): Promise<StateResource[]> {
        return (JSON.parse(await stack.exportState()).deployment.resources ?? []) as StateResource[];
    }

    async function pendingOperations(): Promise<unknown[]> {
        return (JSON.parse(await stack.exportState()).deployment.pending_operations ?? []) as unknown[];
    }

    const failedUp = async (): Promise<CommandResult> => {
        const result = await stack.run(["up", "--yes", "--skip-preview"], true);
        expect(result.code, result.stdout).to.not.equal(0);
        return result;
    };

    /** Starts `pulumi up`, waits until the wait has begun (a GET after the POST), then signals the whole process group. */
    async function interruptMidWait(signals: NodeJS.Signals[]): Promise<string> {
        return interruptOnce("getJob", signals);
    }

    /**
     * Starts `pulumi up`, waits until the emulator received a request on `route`, then signals
     * the CLI's process group; with `everything`, SIGKILL first goes to every descendant of
     * the CLI too (its plugins run in process groups of their own), as an OOM kill or a
     * runner's kill of the process tree would.
     */
    async function interruptOnce(route: "getJob" | "retry", signals: NodeJS.Signals[], everything = false): Promise<string> {
        const { child, output } = stack.start(["up", "--yes", "--skip-preview"]);
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        await until(
            () => emulator.requests.some((request) => request.route === route),
            () => `no ${route} request arrived:\n${output()}`,
            120_000,
            100,
        );
        const plugins = process.platform === "linux" ? descendantsOf(child.pid!) : [];
        leftovers.push(...plugins.map((pid) => ({ pid, started: startTimeOf(pid) })));
        if (everything) for (const pid of plugins) process.kill(pid, "SIGKILL");
        for (const signal of signals) {
            process.kill(-child.pid!, signal);
            await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        await exited;
        return output();
    }

    describe("a failed wait", () => {
        it("up fails and keeps the new job; refresh, a second up, a trigger change and destroy then do the right thing", async () => {
            timing({ outcome: "FAILED" });
            await newStack({ endpoint: emulator.url, waitForCompletion: "true", triggers: '{"attempt":1}' });
            const first = await failedUp();
            expect(first.stdout + first.stderr).to.include("status FAILED");
            expect(posts(), "POSTs after the failed up").to.equal(1);
            const [newJob] = retriesOf();
            const retry = (await resources()).find((resource) => resource.type === JOB_RETRY);
            expect(retry?.id).to.equal(newJob.id);

            await stack.refresh();
            const refreshed = (await resources()).find((resource) => resource.type === JOB_RETRY);
            expect(refreshed?.outputs?.status).to.equal("FAILED");
            expect(posts(), "POSTs after refresh").to.equal(1);

            const again = await failedUp();
            expect(again.stdout + again.stderr).to.include(newJob.id);
            expect(posts(), "POSTs after a plain second up").to.equal(1);

            timing({ outcome: "SUCCESS" });
            await stack.setConfig("triggers", '{"attempt":2}');
            await stack.up();
            expect(posts(), "POSTs after the trigger change").to.equal(2);
            const { newJobId, status } = await stack.outputs();
            expect(newJobId).to.not.equal(newJob.id);
            expect(status).to.equal("SUCCESS");

            await stack.destroy();
            expect(await resources()).to.have.length(0);
            expect(posts(), "POSTs after destroy").to.equal(2);
        });

        it("destroy right after a failed up works and sends nothing", async () => {
            timing({ outcome: "FAILED" });
            await newStack({ endpoint: emulator.url, waitForCompletion: "true" });
            await failedUp();
            await stack.destroy();
            expect(await resources()).to.have.length(0);
            expect(posts()).to.equal(1);
        });
    });

    describe("a timed-out wait", () => {
        it("up fails after waitTimeoutSeconds; refresh works; the next up waits again and succeeds with no second retry", async () => {
            timing({ runMs: 6000 });
            await newStack({ endpoint: emulator.url, waitForCompletion: "true", waitTimeoutSeconds: "1" });
            const first = await failedUp();
            expect(first.stdout + first.stderr).to.include("did not finish within 1 s");
            expect(posts()).to.equal(1);
            await stack.refresh();
            await stack.setConfig("waitTimeoutSeconds", "60");
            await stack.up();
            expect((await stack.outputs()).status).to.equal("SUCCESS");
            expect(posts(), "POSTs after the second up").to.equal(1);
            await stack.destroy();
            expect(posts()).to.equal(1);
        });
    });

    describe("an interrupted wait", () => {
        it("Ctrl-C twice (SIGINT) mid-wait: the next up sends no second retry and finishes the wait", async () => {
            timing({ runMs: 8000 });
            await newStack({ endpoint: emulator.url, waitForCompletion: "true" });
            await interruptMidWait(["SIGINT", "SIGINT"]);
            expect(posts()).to.equal(1);
            const retry = (await resources()).find((resource) => resource.type === JOB_RETRY);
            expect(retry?.id, "the new job id reached the state before the wait").to.equal(retriesOf()[0].id);
            await stack.run(["cancel", "--yes"], true);
            await stack.up();
            expect(posts(), "POSTs after the next up").to.equal(1);
            expect((await stack.outputs()).status).to.equal("SUCCESS");
        });

        it("SIGTERM to the CLI mid-wait: likewise", async () => {
            timing({ runMs: 8000 });
            await newStack({ endpoint: emulator.url, waitForCompletion: "true" });
            await interruptMidWait(["SIGTERM"]);
            expect(posts()).to.equal(1);
            await stack.run(["cancel", "--yes"], true);
            await stack.up();
            expect(posts()).to.equal(1);
        });

        it("kill -9 of the CLI mid-wait (its plugins run in process groups of their own and live on): cancel the lock, up sends no second retry, refresh clears the pending create", async () => {
            timing({ runMs: 8000 });
            await newStack({ endpoint: emulator.url, waitForCompletion: "true" });
            await interruptMidWait(["SIGKILL"]);
            expect(posts()).to.equal(1);
            // What the CLI asks for next: the killed update left its lock behind.
            const locked = await stack.run(["up", "--yes", "--skip-preview"], true);
            expect(locked.code).to.not.equal(0);
            expect(locked.stdout + locked.stderr).to.include("pulumi cancel");
            await stack.run(["cancel", "--yes"]);
            const pending = (await pendingOperations()) as Array<{ resource: { type: string }; type: string }>;
            expect(
                pending.map((operation) => `${operation.type} ${operation.resource.type}`),
                "only the wait was interrupted",
            ).to.deep.equal([`creating ${JOB_WAIT}`]);
            const up = await stack.up();
            expect(up.stdout).to.include("pending operations");
            expect(posts(), "POSTs after the next up").to.equal(1);
            expect((await stack.outputs()).status).to.equal("SUCCESS");
            await stack.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
            expect(await pendingOperations()).to.have.length(0);
            expect(posts()).to.equal(1);
        });
    });

    describe("an interrupted retry POST", () => {
        /** The provider host's notes of retry POSTs in flight, parsed. */
        function journalNotes(): Array<{ pid: number; outcome?: { newJobId?: string } }> {
            const dir = journalDir(stack.env)!;
            const names = existsSync(dir) ? readdirSync(dir) : [];
            return names.map((name) => JSON.parse(readFileSync(path.join(dir, name), "utf8")));
        }

        it("kill -9 of the CLI while the POST awaits its answer: no up sends a second retry; the error names the job the orphaned host saw start; adopting it settles all", async () => {
            timing({});
            await newStack({ endpoint: emulator.url });
            // The emulator starts the job, then holds the answer: the kill lands between the two.
            emulator.inject({ route: "retry", kind: "delay", delayMs: 20_000 });
            await interruptOnce("retry", ["SIGKILL"]);
            expect(posts()).to.equal(1);
            expect(retriesOf(), "the cut-off POST started a job").to.have.length(1);
            const [note] = journalNotes();
            await stack.run(["cancel", "--yes"]);
            const pending = (await pendingOperations()) as Array<{ resource: { type: string }; type: string }>;
            expect(pending.map((operation) => `${operation.type} ${operation.resource.type}`)).to.deep.equal([`creating ${JOB_RETRY}`]);

            // The engine drops the pending create and creates the JobRetry again. The killed
            // CLI's provider host lives on and still awaits the answer: the POST is in flight.
            const whileInFlight = await failedUp();
            expect(whileInFlight.stdout).to.include("pending operations");
            expect(whileInFlight.stdout + whileInFlight.stderr).to.include(
                `Another retry of job ${FAILED_JOB} is in flight in process ${note.pid}`,
            );
            expect(posts(), "POSTs after the next up").to.equal(1);
            expect(await resources()).to.not.satisfy((list: StateResource[]) => list.some((resource) => resource.type === JOB_RETRY));

            // The orphaned host gets the answer, which reaches no engine: its note keeps the job id.
            await until(
                () => journalNotes()[0]?.outcome !== undefined,
                () => "the orphaned host never recorded the answer",
                60_000,
                250,
            );
            const started = retriesOf()[0].id;
            expect(journalNotes()[0].outcome!.newJobId).to.equal(started);
            const afterAnswer = await failedUp();
            expect(afterAnswer.stdout + afterAnswer.stderr)
                .to.include(`Job ${FAILED_JOB} was already retried as job ${started}; its pulumi command ended before recording it.`)
                .and.include(`set adoptJobId to ${started}`);
            expect(posts()).to.equal(1);

            // What the error says to do: adopt the job. Nothing is sent; the state records it; the note goes.
            await stack.setConfig("adoptJobId", started);
            await stack.up();
            expect(posts(), "POSTs after adopting").to.equal(1);
            expect((await stack.outputs()).newJobId).to.equal(started);
            expect(journalNotes()).to.deep.equal([]);
            await stack.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
            expect(await pendingOperations()).to.have.length(0);
            expect(posts()).to.equal(1);
            expect(retriesOf()).to.have.length(1);
        });
    });

    describe("a retry POST cut off by a kill of everything", () => {
        it("kill -9 of the CLI and all its plugins mid-POST: the next up sends nothing and says the outcome is unknown; adopting the job settles it", async function () {
            if (process.platform !== "linux") this.skip(); // finding the plugins reads /proc
            timing({});
            await newStack({ endpoint: emulator.url });
            emulator.inject({ route: "retry", kind: "delay", delayMs: 20_000 });
            await interruptOnce("retry", ["SIGKILL"], true);
            expect(posts()).to.equal(1);
            const started = retriesOf()[0].id;
            await stack.run(["cancel", "--yes"]);

            const again = await failedUp();
            expect(again.stdout + again.stderr)
                .to.include(
                    `Outcome unknown: an earlier retry of job ${FAILED_JOB} was interrupted before its answer arrived; not sent again.`,
                )
                .and.include("if_a_job_started=set adoptJobId")
                .and.include("if_none_started=delete ");
            expect(posts(), "POSTs after the next up").to.equal(1);

            await stack.setConfig("adoptJobId", started);
            await stack.up();
            expect(posts(), "POSTs after adopting").to.equal(1);
            expect((await stack.outputs()).newJobId).to.equal(started);
            await stack.removeConfig("adoptJobId");
            await stack.up();
            expect(posts(), "POSTs after dropping adoptJobId").to.equal(1);
            expect(retriesOf()).to.have.length(1);
        });
    });

    describe("a setting moved between input, stack config and environment", () => {
        it("with the same value changes nothing and retries nothing", async () => {
            timing({});
            await newStack({ endpoint: emulator.url, projectId: DEFAULT_PROJECT_ID }, {});
            await stack.up();
            expect(posts()).to.equal(1);

            await stack.removeConfig("projectId");
            await stack.setConfig("huaweicloud:projectId", DEFAULT_PROJECT_ID);
            expect(Object.keys(await stack.plannedSteps()), "project id: input -> stack config").to.not.include(JOB_RETRY);

            await stack.removeConfig("huaweicloud:projectId");
            stack.setEnv({ HW_PROJECT_ID: DEFAULT_PROJECT_ID });
            expect(Object.keys(await stack.plannedSteps()), "project id: stack config -> environment").to.not.include(JOB_RETRY);

            await stack.removeConfig("endpoint");
            stack.setEnv({ HW_WORKSPACE_ENDPOINT: emulator.url });
            expect(Object.keys(await stack.plannedSteps()), "endpoint: input -> environment").to.not.include(JOB_RETRY);
            const up = await stack.up();
            expect(up.stdout).to.match(/unchanged/);
            expect(posts(), "POSTs after all the moves").to.equal(1);

            await stack.refresh();
            expect(posts()).to.equal(1);
        });

        it("with another project id it retries in that project (a replacement)", async () => {
            timing({});
            await newStack({ endpoint: emulator.url });
            await stack.up();
            await stack.setConfig("projectId", "0123456789abcdef0123456789abcdef");
            expect((await stack.plannedSteps())[JOB_RETRY]).to.equal("replace");
        });

        it("a region input beats an endpoint in the environment", async () => {
            timing({});
            await newStack(
                { region: "cn-north-4" },
                { HW_PROJECT_ID: DEFAULT_PROJECT_ID, HW_WORKSPACE_ENDPOINT: emulator.url, HW_MAX_RETRIES: "0" },
            );
            const preview = await stack.run(["preview"]);
            expect(preview.code).to.equal(0);
            const up = await stack.run(["up", "--yes", "--skip-preview"], true);
            // cn-north-4's real endpoint is unreachable here: the POST never left for the emulator.
            expect(up.code).to.not.equal(0);
            expect(up.stdout + up.stderr).to.include("workspace.cn-north-4.myhuaweicloud.com");
            expect(posts()).to.equal(0);
        });
    });

    describe("adopting a job after an unknown outcome", () => {
        it("a gateway 504 says outcome unknown and names adoptJobId; adopting sends no POST; dropping it later retries nothing", async () => {
            timing({});
            await newStack({ endpoint: emulator.url });
            emulator.inject({ route: "retry", kind: "status", status: 504, code: "APIG.0201", afterCreate: true });
            const unknown = await failedUp();
            expect(unknown.stdout + unknown.stderr)
                .to.include("Outcome unknown")
                .and.include("adoptJobId");
            expect(posts()).to.equal(1);
            expect(retriesOf()).to.have.length(1);
            expect(await resources()).to.not.satisfy((list: StateResource[]) => list.some((resource) => resource.type === JOB_RETRY));

            const started = retriesOf()[0].id;
            await stack.setConfig("adoptJobId", started);
            await stack.up();
            expect(posts(), "POSTs after adopting").to.equal(1);
            expect((await stack.outputs()).newJobId).to.equal(started);

            await stack.removeConfig("adoptJobId");
            expect((await stack.plannedSteps())[JOB_RETRY]).to.equal("update");
            await stack.up();
            expect(posts(), "POSTs after dropping adoptJobId").to.equal(1);
            expect(retriesOf()).to.have.length(1);
        });

        it("adopting a job that does not exist fails before anything is sent", async () => {
            timing({});
            await newStack({ endpoint: emulator.url, adoptJobId: "no-such-job" });
            const result = await failedUp();
            expect(result.stdout + result.stderr).to.include("adoptJobId: no job no-such-job");
            expect(posts()).to.equal(0);
        });
    });
});
