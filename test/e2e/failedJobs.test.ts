/// <reference types="mocha" />
/**
 * getFailedJobs through the real `pulumi` CLI (local backend) against the emulator: a
 * program that retries every failed job, then the pipeline example with its cap. POSTs are
 * counted on the emulator's request log.
 */
import * as path from "node:path";
import { expect } from "chai";
import { DEFAULT_PROJECT_ID, seedFailedJobs, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { LocalStack } from "../../scripts/localStack";
import { engineOrSkip } from "../support/engine";
import { REPO_ROOT, SETTING_VARIABLES } from "../support/jobRetryHarness";

const JOB_RETRY = "pulumi-nodejs:dynamic:JobRetry";
const TOKEN = "failed-jobs-e2e-token-never-in-clear-text";

/** Prints what a reader of the CI log needs: the summary lines of a `pulumi` command. */
function show(label: string, output: string, posts: number): void {
    const lines = output
        .split("\n")
        .filter((line) => /^\s*[+~-]|retry-|Resources:|\bcreated\b|unchanged|Duration|Outputs:|retriedThisRun|deferredJobIds/.test(line));
    console.log(`      [${label}] POSTs: ${posts}\n${lines.map((line) => `        ${line}`).join("\n")}`);
}

describe("getFailedJobs end to end through the real Pulumi engine (pulumi CLI, local backend, emulator)", function () {
    this.timeout(15 * 60_000);
    let pulumi: string;
    let emulator: WorkspaceEmulator;
    const stacks: LocalStack[] = [];
    const posts = () => emulator.requests.filter((request) => request.route === "retry").length;
    /** The environment of every command: no setting from the developer's shell, the project from the environment. */
    const env = () => ({ ...Object.fromEntries(SETTING_VARIABLES.map((name) => [name, ""])), HW_PROJECT_ID: DEFAULT_PROJECT_ID });

    before(async function () {
        pulumi = engineOrSkip(this);
        // Jobs started by retries succeed quickly, so a second `up` finds them done.
        emulator = await WorkspaceEmulator.start({ tokens: [TOKEN], seed: [], timing: { initMs: 20, runMs: 50 } });
    });

    after(async () => {
        for (const stack of stacks) await stack.remove();
        await emulator?.stop();
    });

    async function stackFor(programDir: string): Promise<LocalStack> {
        const stack = await LocalStack.create({ pulumi, programDir, stack: `failed-jobs-${stacks.length}`, env: env() });
        stacks.push(stack);
        // The token as a secret in stack config: the program process reads it (getFailedJobs), the provider too.
        await stack.setConfig("huaweicloud:token", TOKEN, true);
        await stack.setConfig("huaweicloud:workspaceEndpoint", emulator.url);
        return stack;
    }

    describe("a program that retries every failed job", () => {
        let stack: LocalStack;
        let failed: string[];

        before(async () => {
            emulator.store.seed({ jobType: "applyWorkspace", status: "SUCCESS" });
            emulator.store.seed({ jobType: "createDesktop", status: "FAILED" });
            failed = [
                ...seedFailedJobs(emulator.store, { count: 2, jobType: "applyWorkspace", beginTime: "2024-05-01T00:00:00Z" }),
                ...seedFailedJobs(emulator.store, { count: 1, jobType: "cancelWorkspace", beginTime: "2024-05-02T00:00:00Z" }),
            ].map((job) => job.id);
            stack = await stackFor(path.join(REPO_ROOT, "test", "e2e", "programs", "retry-all"));
            emulator.reset();
        });

        it("first up: one POST per failed job, one JobRetry each, no secret warning", async () => {
            const { stdout, stderr } = await stack.up();
            show("retry-all, first up", stdout, posts());
            expect(posts()).to.equal(failed.length);
            const retried = emulator.requests.filter((request) => request.route === "retry").map((request) => request.url.split("/")[4]);
            expect(new Set(retried)).to.deep.equal(new Set(failed));
            expect(`${stdout}\n${stderr}`).to.not.match(/is a secret|warning/i);
            const { failedJobIds, newJobIds } = await stack.outputs();
            expect(failedJobIds, "oldest first").to.deep.equal(failed);
            expect(newJobIds).to.have.length(failed.length);
        });

        it("second up: no POST, every JobRetry unchanged", async () => {
            emulator.reset();
            const { stdout } = await stack.up();
            show("retry-all, second up", stdout, posts());
            expect(posts()).to.equal(0);
            expect(stdout).to.match(new RegExp(`${failed.length + 1} unchanged`));
            expect(emulator.requests.every((request) => request.method === "GET")).to.equal(true);
        });

        it("the state holds the JobRetry resources and no credential in clear text", async () => {
            const text = await stack.exportState();
            const state = JSON.parse(text);
            expect(state.deployment.resources.filter((resource: { type: string }) => resource.type === JOB_RETRY)).to.have.length(
                failed.length,
            );
            expect(text).to.not.include(TOKEN);
        });
    });

    describe("the pipeline example (examples/pipeline): one retry per failed job, a cap per run", () => {
        let stack: LocalStack;
        let failed: string[];
        const retriedIds = () =>
            emulator.requests.filter((request) => request.route === "retry").map((request) => request.url.split("/")[4]);

        before(async () => {
            // Only this scenario's jobs: the ones before it were all retried, successfully.
            for (const job of emulator.store.all()) if (job.status === "FAILED") job.status = "SUCCESS";
            failed = seedFailedJobs(emulator.store, { count: 4, jobType: "applyWorkspace", beginTime: "2025-01-01T00:00:00Z" }).map(
                (job) => job.id,
            );
            stack = await stackFor(path.join(REPO_ROOT, "examples", "pipeline"));
            await stack.setConfig("maxRetriesPerRun", "3");
            emulator.reset();
        });

        it("preview shows the retries the next up would send, and sends none", async () => {
            const { stdout } = await stack.preview();
            expect(posts()).to.equal(0);
            for (const jobId of failed.slice(0, 3)) expect(stdout).to.include(`retry-${jobId}`);
            expect(stdout).to.not.include(`retry-${failed[3]}`);
        });

        it("first up: retries the 3 oldest failed jobs (the cap), defers the 4th", async () => {
            emulator.reset();
            const { stdout } = await stack.up();
            show("pipeline, first up", stdout, posts());
            expect(retriedIds().sort()).to.deep.equal(failed.slice(0, 3).sort());
            const outputs = await stack.outputs();
            expect(outputs.retriedThisRun).to.deep.equal(failed.slice(0, 3));
            expect(outputs.deferredJobIds).to.deep.equal([failed[3]]);
            expect(outputs.failedAgain).to.deep.equal([]);
        });

        it("second up: retries only the deferred job; the 3 already retried stay unchanged", async () => {
            emulator.reset();
            // The deferred job's retry will fail too.
            emulator.store.timing.outcome = "FAILED";
            const { stdout } = await stack.up();
            show("pipeline, second up", stdout, posts());
            expect(retriedIds()).to.deep.equal([failed[3]]);
            expect(stdout, "3 JobRetry and the stack").to.match(/4 unchanged/);
            const outputs = await stack.outputs();
            expect(outputs.retriedThisRun).to.deep.equal([failed[3]]);
            expect(outputs.deferredJobIds).to.deep.equal([]);
        });

        it("third up: sends no POST; the job started by a retry that failed again is reported, not retried", async () => {
            emulator.reset();
            await new Promise((resolve) => setTimeout(resolve, 200));
            const { stdout } = await stack.up();
            show("pipeline, third up", stdout, posts());
            expect(posts()).to.equal(0);
            const outputs = await stack.outputs();
            const retries = outputs.retries as Record<string, string>;
            expect(Object.keys(retries).sort()).to.deep.equal([...failed].sort());
            expect(outputs.failedAgain).to.deep.equal([{ jobId: failed[3], newJobId: retries[failed[3]] }]);
            expect(outputs.retriedThisRun).to.deep.equal([]);
        });

        it("a deliberate second attempt (retryAgain -> triggers) retries that job exactly once", async () => {
            emulator.reset();
            emulator.store.timing.outcome = "SUCCESS";
            await stack.run(["config", "set", "--path", `retryAgain["${failed[3]}"]`, "2"]);
            const { stdout } = await stack.up();
            show("pipeline, retryAgain", stdout, posts());
            expect(retriedIds()).to.deep.equal([failed[3]]);
            emulator.reset();
            await new Promise((resolve) => setTimeout(resolve, 200));
            await stack.up();
            expect(posts()).to.equal(0);
            expect((await stack.outputs()).failedAgain).to.deep.equal([]);
        });
    });
});
