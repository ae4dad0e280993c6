/// <reference types="mocha" />
/**
 * What the next `pulumi` command does after something went wrong: a failed or timed-out
 * wait, an interrupt or a kill mid-wait, a kill mid-POST, a setting moved, an "outcome unknown" retry,
 * and some of these again behind a corporate proxy with a private CA.
 * Each scenario drives the real CLI against the emulator, lets every command work on
 * exactly the state the engine stored, and counts the retry POSTs the emulator received. Each
 * has a failed job in a project of its own, so it starts from a known service state.
 */
import * as path from "node:path";
import { expect } from "chai";
import { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { CommandResult, LocalStack } from "../../scripts/localStack";
import { engineOrSkip } from "../support/engine";
import { ConnectProxy } from "../support/connectProxy";
import { failedProject, FailedProject } from "../support/jobRetryHarness";
import { CERTIFICATE_DOMAIN, makePrivateCa, PrivateCa } from "../support/privateCa";
import { descendantsOf, startTimeOf } from "../support/processes";
import { until } from "../support/until";

const PROGRAM = path.join(__dirname, "programs", "recovery");
const TOKEN = "e2e-recovery-token-never-stored";
const JOB_RETRY = "pulumi-nodejs:dynamic:JobRetry";
const JOB_WAIT = "pulumi-nodejs:dynamic:JobWait";

interface StateResource {
    type: string;
    id?: string;
    outputs?: Record<string, unknown>;
}

/** How a scenario reaches Workspace: the endpoint, and the environment of a runner that gets there. */
interface Reach {
    endpoint: () => string;
    env?: (projectId: string) => Record<string, string>;
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
    /** This scenario's failed job, the one its project's Workspace service is stuck on. */
    let target: FailedProject;
    /** Jobs started by retries of the failed job in this scenario, oldest first. */
    const retriesOf = () => emulator.store.all().filter((job) => job.retriedFrom === target.jobId);
    const timing = (value: Partial<WorkspaceEmulator["store"]["timing"]>) =>
        Object.assign(emulator.store.timing, { initMs: 50, runMs: 200, outcome: "SUCCESS", ...value });

    /** A fresh stack of the recovery program, pointed at the emulator, for a new failed job (project from the environment unless `env` says otherwise). */
    async function newStack(config: Record<string, string>, env?: (projectId: string) => Record<string, string>) {
        emulator.reset();
        target = failedProject(emulator);
        stack = await LocalStack.create({
            pulumi,
            programDir: PROGRAM,
            stack: `r${++stacks}`,
            env: env ? env(target.projectId) : { HW_PROJECT_ID: target.projectId },
        });
        await stack.setConfig("huaweicloud:token", TOKEN, true);
        await stack.setConfig("jobId", target.jobId);
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

    /** Starts `pulumi up`, waits until the wait has begun (a GET of the new job), then signals the whole process group. */
    async function interruptMidWait(signals: NodeJS.Signals[]): Promise<string> {
        return interruptOnce("wait", signals);
    }

    /**
     * Starts `pulumi up`, waits until the emulator received a request on `route`, then signals
     * the CLI's process group; with `everything`, SIGKILL first goes to every descendant of
     * the CLI too (its plugins run in process groups of their own), as an OOM kill or a
     * runner's kill of the process tree would.
     */
    async function interruptOnce(route: "wait" | "retry", signals: NodeJS.Signals[], everything = false): Promise<string> {
        const { child, output } = stack.start(["up", "--yes", "--skip-preview"]);
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const arrived = () =>
            route === "retry"
                ? posts() > 0
                : retriesOf().some((job) =>
                      emulator.requests.some((request) => request.route === "getJob" && request.url.endsWith(job.id)),
                  );
        await until(arrived, () => `no ${route} request arrived:\n${output()}`, 120_000, 100);
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

    /**
     * Kills mid-POST (the emulator starts the job, then holds the answer), cancels the lock, and
     * moves to a fresh machine (new state folder, HOME, PULUMI_HOME, XDG_*) with the same settings.
     */
    async function killMidPost(everything: boolean, reach: Reach = { endpoint: () => emulator.url }): Promise<string> {
        // The job runs long: the next up finds it running, as a new runner right after a kill would.
        timing({ runMs: 120_000 });
        await newStack({ endpoint: reach.endpoint() }, reach.env);
        emulator.inject({ route: "retry", kind: "delay", delayMs: 20_000 });
        await interruptOnce("retry", ["SIGKILL"], everything);
        expect(posts()).to.equal(1);
        expect(retriesOf(), "the cut-off POST started a job").to.have.length(1);
        const old = stack;
        stack = await old.onNewRunner();
        await old.remove();
        await stack.run(["cancel", "--yes"]);
        const pending = (await pendingOperations()) as Array<{ resource: { type: string }; type: string }>;
        expect(pending.map((operation) => `${operation.type} ${operation.resource.type}`)).to.deep.equal([`creating ${JOB_RETRY}`]);
        return retriesOf()[0].id;
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

    describe("a retry POST cut off by a kill, and the next up on a new runner", () => {
        it("kill -9 of the CLI and all its plugins mid-POST: the next up, on a fresh machine (new state folder, HOME, PULUMI_HOME, XDG_*), sends no POST and records the started job", async function () {
            if (process.platform !== "linux") this.skip(); // finding the plugins reads /proc
            const started = await killMidPost(true);
            expect(stack.env.HOME).to.include(stack.stateDir);
            const up = await stack.up();
            expect(up.stdout).to.include("pending operations");
            expect(posts(), "POSTs after the next up").to.equal(1);
            expect((await stack.outputs()).newJobId).to.equal(started);
            await stack.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
            expect(await pendingOperations()).to.have.length(0);
            await stack.up();
            expect(posts(), "POSTs after refresh and another up").to.equal(1);
            expect(retriesOf()).to.have.length(1);
        });

        it("kill -9 of the CLI alone mid-POST (its provider host lives on): likewise, the next up records the job and sends nothing", async () => {
            const started = await killMidPost(false);
            await stack.up();
            expect(posts()).to.equal(1);
            expect((await stack.outputs()).newJobId).to.equal(started);
        });
    });

    describe("a setting moved between input, stack config and environment", () => {
        it("with the same value changes nothing and retries nothing", async () => {
            timing({});
            await newStack({ endpoint: emulator.url }, () => ({}));
            await stack.setConfig("projectId", target.projectId);
            await stack.up();
            expect(posts()).to.equal(1);

            await stack.removeConfig("projectId");
            await stack.setConfig("huaweicloud:projectId", target.projectId);
            expect(Object.keys(await stack.plannedSteps()), "project id: input -> stack config").to.not.include(JOB_RETRY);

            await stack.removeConfig("huaweicloud:projectId");
            stack.setEnv({ HW_PROJECT_ID: target.projectId });
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
            await newStack({ region: "cn-north-4" }, (projectId) => ({
                HW_PROJECT_ID: projectId,
                HW_WORKSPACE_ENDPOINT: emulator.url,
                HW_MAX_RETRIES: "0",
            }));
            const preview = await stack.run(["preview"]);
            expect(preview.code).to.equal(0);
            const up = await stack.run(["up", "--yes", "--skip-preview"], true);
            // cn-north-4's real endpoint is unreachable here: the POST never left for the emulator.
            expect(up.code).to.not.equal(0);
            expect(up.stdout + up.stderr).to.include("workspace.cn-north-4.myhuaweicloud.com");
            expect(posts()).to.equal(0);
        });
    });

    describe("a lost answer, a console retry, and adoptJobId", () => {
        it("a gateway 504 after the job started: the up reads the service, records that job, and succeeds with one POST", async () => {
            timing({});
            await newStack({ endpoint: emulator.url });
            emulator.inject({ route: "retry", kind: "status", status: 504, code: "APIG.0201", afterCreate: true });
            await stack.up();
            expect(posts()).to.equal(1);
            expect(retriesOf()).to.have.length(1);
            expect((await stack.outputs()).newJobId).to.equal(retriesOf()[0].id);
        });

        it("a gateway 504 before anything started: outcome unknown after reading the service; the next up retries once, as the service is still stuck", async () => {
            timing({});
            await newStack({ endpoint: emulator.url });
            emulator.inject({ route: "retry", kind: "status", status: 504, code: "APIG.0201" });
            const unknown = await failedUp();
            expect(unknown.stdout + unknown.stderr)
                .to.include("Outcome unknown")
                .and.include("service_check=after 4 read(s)")
                .and.include("adoptJobId");
            expect(retriesOf()).to.have.length(0);
            await stack.up();
            expect(posts()).to.equal(2);
            expect(retriesOf()).to.have.length(1);
        });

        it("a retry made in the console that already succeeded: no POST, an error naming its job; adoptJobId records it; dropping it later retries nothing", async () => {
            timing({ initMs: 10, runMs: 20 });
            await newStack({ endpoint: emulator.url });
            const consoleJob = emulator.store.startRetry(emulator.store.find(target.projectId, target.jobId)!).id;
            await until(
                () => emulator.store.serviceView(target.projectId).status === "SUBSCRIBED",
                () => "the console retry never finished",
                10_000,
                20,
            );
            const refused = await failedUp();
            expect(refused.stdout + refused.stderr)
                .to.include("No retry sent: the Workspace service is already SUBSCRIBED")
                .and.include(`set adoptJobId to ${consoleJob}`);
            expect(posts()).to.equal(0);
            await stack.setConfig("adoptJobId", consoleJob);
            await stack.up();
            expect((await stack.outputs()).newJobId).to.equal(consoleJob);
            await stack.removeConfig("adoptJobId");
            expect((await stack.plannedSteps())[JOB_RETRY]).to.equal("update");
            await stack.up();
            expect(posts(), "POSTs after adopting and dropping adoptJobId").to.equal(0);
        });

        it("adopting a job that does not exist fails before anything is sent", async () => {
            timing({});
            await newStack({ endpoint: emulator.url, adoptJobId: "no-such-job" });
            const result = await failedUp();
            expect(result.stdout + result.stderr).to.include("adoptJobId: no job no-such-job");
            expect(posts()).to.equal(0);
        });
    });

    describe("the service's state cannot be read", () => {
        it("a 403 on GET .../workspaces: pulumi up shows one warning line naming workspace:workspaces:list, and sends the retry as before", async () => {
            timing({});
            await newStack({ endpoint: emulator.url });
            emulator.inject({ route: "getWorkspaces", kind: "status", status: 403, code: "APIG.0302", projectId: target.projectId });
            const { stdout, stderr } = await stack.up();
            const lines = `${stdout}\n${stderr}`.split("\n").filter((line) => line.includes(`warning: JobRetry of job ${target.jobId}:`));
            // Shown live on the stack's row and again under Diagnostics.
            expect(lines.length, `${stdout}\n${stderr}`).to.be.within(1, 2);
            expect(new Set(lines.map((line) => line.slice(line.indexOf("warning:")))).size).to.equal(1);
            expect(lines[0]).to.include("HTTP 403 APIG.0302").and.include("grant workspace:workspaces:list");
            expect(posts()).to.equal(1);
        });
    });

    describe("behind a corporate proxy (HTTPS_PROXY and https_proxy, NO_PROXY for loopback, a private CA)", () => {
        let outside: WorkspaceEmulator;
        let ca: PrivateCa;
        let proxy: ConnectProxy;
        before(async () => {
            ca = makePrivateCa();
            proxy = await ConnectProxy.start();
            // Every helper of this suite reads `emulator`: here it is one that only speaks HTTPS.
            outside = emulator;
            emulator = await WorkspaceEmulator.start({ tokens: [TOKEN], tls: { cert: ca.chain, key: ca.key } });
        });
        after(async () => {
            await emulator?.stop();
            emulator = outside;
            await proxy?.stop();
            ca?.remove();
        });
        beforeEach(() => proxy.reset());

        /** A runner as many corporate images set it up: both spellings, loopback exempt, the company's CA trusted. */
        const behindProxy: Reach = {
            endpoint: () => emulator.urlAt(`workspace.${CERTIFICATE_DOMAIN}`),
            env: (projectId) => ({
                HW_PROJECT_ID: projectId,
                HTTPS_PROXY: proxy.url,
                https_proxy: proxy.url,
                NO_PROXY: "localhost,127.0.0.1",
                no_proxy: "localhost,127.0.0.1",
                NODE_EXTRA_CA_CERTS: ca.caFile,
            }),
        };
        /**
         * The proxy tunnelled Workspace's host and nothing else: not the gRPC between the CLI, the
         * program and the provider host on loopback. (Nothing reached Workspace around the proxy:
         * only the proxy resolves `*.test`.)
         */
        function expectAllThroughTheProxy(): void {
            const targets = proxy.seen.map((sighting) => `${sighting.kind} ${sighting.target.split(":")[0]}`);
            expect(new Set(targets)).to.deep.equal(new Set([`CONNECT workspace.${CERTIFICATE_DOMAIN}`]));
        }

        it("kill -9 of the CLI and all its plugins mid-POST, then an up on a fresh runner behind the same proxy: no POST, the started job recorded", async function () {
            if (process.platform !== "linux") this.skip(); // finding the plugins reads /proc
            const started = await killMidPost(true, behindProxy);
            expect(stack.env.HOME).to.include(stack.stateDir);
            await stack.up();
            expect(posts(), "POSTs after the next up").to.equal(1);
            expect((await stack.outputs()).newJobId).to.equal(started);
            expect(retriesOf()).to.have.length(1);
            expectAllThroughTheProxy();
        });

        it("a gateway 504 after the job started: the up finds the job in the service through the tunnel, one POST", async () => {
            timing({});
            await newStack({ endpoint: behindProxy.endpoint() }, behindProxy.env);
            emulator.inject({ route: "retry", kind: "status", status: 504, code: "APIG.0201", afterCreate: true });
            await stack.up();
            expect(posts()).to.equal(1);
            expect((await stack.outputs()).newJobId).to.equal(retriesOf()[0].id);
            expectAllThroughTheProxy();
        });

        it("a failed wait: up fails and keeps the new job; refresh and a second up send no second retry", async () => {
            timing({ outcome: "FAILED" });
            await newStack({ endpoint: behindProxy.endpoint(), waitForCompletion: "true" }, behindProxy.env);
            const first = await failedUp();
            expect(first.stdout + first.stderr).to.include("status FAILED");
            await stack.refresh();
            const again = await failedUp();
            expect(again.stdout + again.stderr).to.include(retriesOf()[0].id);
            expect(posts(), "POSTs after refresh and a second up").to.equal(1);
            expectAllThroughTheProxy();
        });
    });
});
