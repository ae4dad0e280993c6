/// <reference types="mocha" />
/**
 * getFailedJobs through the real `pulumi` CLI (local backend) against the emulator: a program
 * that retries the current failure, then the pipeline example over several projects, each in
 * a known service state. POSTs are counted on the emulator's request log.
 */
import * as path from "node:path";
import { expect } from "chai";
import { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { LocalStack } from "../../scripts/localStack";
import { engineOrSkip } from "../support/engine";
import { openProject, REPO_ROOT, SETTING_VARIABLES, stuckProject } from "../support/jobRetryHarness";

const JOB_RETRY = "pulumi-nodejs:dynamic:JobRetry";
const TOKEN = "failed-jobs-e2e-token-never-in-clear-text";

/** Prints what a reader of the CI log needs: the summary lines of a `pulumi` command. */
function show(label: string, output: string, posts: number): void {
    const lines = output
        .split("\n")
        .filter((line) => /^\s*[+~-]|retry-|Resources:|\bcreated\b|unchanged|Duration|Outputs:|failedAgain|currentFailures/.test(line));
    console.log(`      [${label}] POSTs: ${posts}\n${lines.map((line) => `        ${line}`).join("\n")}`);
}

describe("getFailedJobs end to end through the real Pulumi engine (pulumi CLI, local backend, emulator)", function () {
    this.timeout(15 * 60_000);
    let pulumi: string;
    let emulator: WorkspaceEmulator;
    const stacks: LocalStack[] = [];
    const retried = () => emulator.requests.filter((request) => request.route === "retry").map((request) => request.url.split("/")[4]);
    const posts = () => retried().length;
    /** The environment of every command: no setting from the developer's shell. */
    const env = (extra: Record<string, string> = {}) => ({ ...Object.fromEntries(SETTING_VARIABLES.map((name) => [name, ""])), ...extra });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    /** Forgets the requests so far, keeping every service's state (a reset would put them back as seeded). */
    const clearLog = () => {
        emulator.requests.length = 0;
    };

    before(async function () {
        pulumi = engineOrSkip(this);
        // Jobs started by retries finish quickly, so a second `up` finds them done.
        emulator = await WorkspaceEmulator.start({ tokens: [TOKEN], seed: [], timing: { initMs: 20, runMs: 50 } });
    });

    after(async () => {
        for (const stack of stacks) await stack.remove();
        await emulator?.stop();
    });

    async function stackFor(programDir: string, extraEnv: Record<string, string> = {}): Promise<LocalStack> {
        const stack = await LocalStack.create({ pulumi, programDir, stack: `failed-jobs-${stacks.length}`, env: env(extraEnv) });
        stacks.push(stack);
        // The token as a secret in stack config: the program process reads it (getFailedJobs), the provider too.
        await stack.setConfig("huaweicloud:token", TOKEN, true);
        await stack.setConfig("huaweicloud:workspaceEndpoint", emulator.url);
        return stack;
    }

    describe("a program that retries the current failure (getFailedJobs' default)", () => {
        let stack: LocalStack;
        let stuck: string;

        before(async () => {
            const project = stuckProject(emulator);
            stuck = project.stuck;
            stack = await stackFor(path.join(REPO_ROOT, "test", "e2e", "programs", "retry-all"), { HW_PROJECT_ID: project.projectId });
            emulator.reset();
        });

        it("first up: one POST, for the failure the service is stuck on, not the older one; no secret warning", async () => {
            const { stdout, stderr } = await stack.up();
            show("retry-all, first up", stdout, posts());
            expect(retried()).to.deep.equal([stuck]);
            expect(`${stdout}\n${stderr}`).to.not.match(/is a secret|warning/i);
            expect((await stack.outputs()).failedJobIds).to.deep.equal([stuck]);
        });

        it("second up: nothing is stuck any more, no POST; the state holds no credential in clear text", async () => {
            clearLog();
            await settle();
            await stack.up();
            expect(posts()).to.equal(0);
            expect(emulator.requests.every((request) => request.method === "GET")).to.equal(true);
            expect(await stack.exportState()).to.not.include(TOKEN);
        });
    });

    describe("the pipeline example (examples/pipeline) over several projects", () => {
        let stack: LocalStack;
        let open: { projectId: string; stale: string };
        let stuck: { projectId: string; stuck: string };
        let failing: { projectId: string; stuck: string };
        let failedAgain: string;

        before(async () => {
            open = openProject(emulator);
            stuck = stuckProject(emulator);
            stack = await stackFor(path.join(REPO_ROOT, "examples", "pipeline"));
            await stack.run(["config", "set", "--path", "projects[0].projectId", open.projectId]);
            await stack.run(["config", "set", "--path", "projects[1].projectId", stuck.projectId]);
            emulator.reset();
        });

        it("preview shows the retry of the stuck registration only, and sends nothing", async () => {
            const { stdout } = await stack.preview();
            expect(posts()).to.equal(0);
            expect(stdout).to.include(`retry-${stuck.stuck}`);
            expect(stdout).to.not.include(`retry-${open.stale}`);
        });

        it("first up: retries the stuck registration once; the stale deregistration of the open service is never sent", async () => {
            const { stdout } = await stack.up();
            show("pipeline, first up", stdout, posts());
            expect(retried()).to.deep.equal([stuck.stuck]);
            const outputs = await stack.outputs();
            expect(outputs.failedAgain).to.deep.equal([]);
            expect(Object.keys(outputs.retries as object)).to.deep.equal([stuck.stuck]);
            expect(outputs.startedByRetries).to.have.length(1);
        });

        it("second run: nothing is stuck any more, no POST", async () => {
            clearLog();
            await settle();
            const { stdout } = await stack.up();
            show("pipeline, second up", stdout, posts());
            expect(posts()).to.equal(0);
            expect((await stack.outputs()).currentFailures).to.deep.equal([
                { projectId: open.projectId, jobIds: [] },
                { projectId: stuck.projectId, jobIds: [] },
            ]);
        });

        it("a retry whose job fails again is not retried unattended: the run names it in failedAgain and sends nothing", async () => {
            failing = stuckProject(emulator);
            await stack.run(["config", "set", "--path", "projects[2].projectId", failing.projectId]);
            emulator.store.timing.outcome = "FAILED";
            clearLog();
            await stack.up();
            expect(retried()).to.deep.equal([failing.stuck]);
            await settle();
            failedAgain = (emulator.store.serviceView(failing.projectId).job_id as string) ?? "";
            expect(emulator.store.serviceView(failing.projectId).status).to.equal("SUBSCRIPTION_FAILED");
            for (const run of ["third", "fourth"]) {
                clearLog();
                const { stdout } = await stack.up();
                show(`pipeline, ${run} up`, stdout, posts());
                expect(posts(), `POSTs of the ${run} up`).to.equal(0);
                const outputs = await stack.outputs();
                expect(outputs.failedAgain).to.deep.equal([
                    { projectId: failing.projectId, jobId: failedAgain, failReason: "Retry failed again: quota exceeded." },
                ]);
            }
        });

        it("a person's decision (retryAgain -> triggers) retries that job exactly once", async () => {
            emulator.store.timing.outcome = "SUCCESS";
            clearLog();
            await stack.run(["config", "set", "--path", `retryAgain["${failedAgain}"]`, "1"]);
            await stack.up();
            expect(retried()).to.deep.equal([failedAgain]);
            clearLog();
            await settle();
            await stack.up();
            expect(posts()).to.equal(0);
            expect((await stack.outputs()).failedAgain).to.deep.equal([]);
            const state = JSON.parse(await stack.exportState());
            expect(state.deployment.resources.filter((resource: { type: string }) => resource.type === JOB_RETRY)).to.have.length(0);
        });
    });
});
