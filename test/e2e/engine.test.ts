/// <reference types="mocha" />
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { DEFAULT_PROJECT_ID, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { LocalStack } from "../../scripts/localStack";
import { engineOrSkip } from "../support/engine";
import { REPO_ROOT } from "../support/jobRetryHarness";

const JOB_RETRY = "pulumi-nodejs:dynamic:JobRetry";
const TOKEN = "e2e-token-must-never-be-stored-in-clear-text";

describe("end to end through the real Pulumi engine (pulumi CLI, local backend, emulator)", function () {
    this.timeout(10 * 60_000);
    let emulator: WorkspaceEmulator;
    let stack: LocalStack;

    before(async function () {
        const pulumi = engineOrSkip(this);
        emulator = await WorkspaceEmulator.start({ tokens: [TOKEN], timing: { initMs: 50, runMs: 100 } });
        stack = await LocalStack.create({
            pulumi,
            programDir: REPO_ROOT,
            stack: "e2e",
            env: { HW_PROJECT_ID: DEFAULT_PROJECT_ID },
        });
        await stack.setConfig("huaweicloud:token", TOKEN, true);
        await stack.setConfig("endpoint", emulator.url);
        await stack.setConfig("triggers", '{"attempt":1}');
    });

    after(async () => {
        await stack?.remove();
        await emulator?.stop();
    });

    const posts = () => emulator.requests.filter((request) => request.route === "retry").length;
    let firstJobId: string;

    it("1. preview plans one JobRetry to create and sends nothing", async () => {
        const steps = await stack.plannedSteps();
        expect(steps[JOB_RETRY]).to.equal("create");
        expect(emulator.requests).to.have.length(0);
    });

    it("2. up sends exactly one retry; the stack output holds the new job id", async () => {
        await stack.up();
        expect(posts()).to.equal(1);
        const { newJobId } = await stack.outputs();
        const created = emulator.store.all().filter((job) => job.retriedFrom);
        expect(created).to.have.length(1);
        expect(newJobId).to.equal(created[0].id);
        firstJobId = newJobId as string;
    });

    it("3. a second up changes nothing and sends nothing", async () => {
        emulator.reset();
        const { stdout } = await stack.up();
        expect(stdout).to.match(/2 unchanged/);
        expect(emulator.requests).to.have.length(0);
    });

    it("4. a changed trigger plans a replace and retries exactly once more", async () => {
        await stack.setConfig("triggers", '{"attempt":2}');
        expect((await stack.plannedSteps())[JOB_RETRY]).to.equal("replace");
        expect(emulator.requests).to.have.length(0);
        await stack.up();
        expect(posts()).to.equal(1);
        expect(emulator.jobsCreated).to.equal(1);
        const { newJobId } = await stack.outputs();
        expect(newJobId).to.not.equal(firstJobId);
        expect(emulator.store.all().some((job) => job.id === newJobId)).to.equal(true);
    });

    it("5. a changed endpoint is an update that sends nothing", async () => {
        emulator.reset();
        await stack.setConfig("endpoint", emulator.url.replace("127.0.0.1", "localhost"));
        expect((await stack.plannedSteps())[JOB_RETRY]).to.equal("update");
        await stack.up();
        expect(emulator.requests).to.have.length(0);
    });

    it("6. refresh sends no retry and keeps the resource", async () => {
        emulator.reset();
        await stack.refresh();
        expect(posts()).to.equal(0);
        const state = JSON.parse(await stack.exportState());
        const retries = state.deployment.resources.filter((resource: { type: string }) => resource.type === JOB_RETRY);
        expect(retries).to.have.length(1);
        expect(retries[0].outputs.status).to.equal("SUCCESS");
    });

    it("9. the state records where the program declares the JobRetry", async () => {
        const program = await readFile(path.join(REPO_ROOT, "examples/quickstart/index.ts"), "utf8");
        const line = program.split("\n").findIndex((text) => text.includes("new JobRetry(")) + 1;
        const state = JSON.parse(await stack.exportState());
        const [retry] = state.deployment.resources.filter((resource: { type: string }) => resource.type === JOB_RETRY);
        const frames: string[] = (retry.stackTrace ?? []).map((frame: { sourcePosition?: string }) => frame.sourcePosition);
        expect(line).to.be.greaterThan(0);
        expect(retry.sourcePosition, "the engine's source position").to.be.a("string");
        expect(frames, "the resource's stack trace").to.include.members([`project:///examples/quickstart/index.ts#${line},15`]);
    });

    it("8. the exported state holds no credential in clear text", async () => {
        const text = await stack.exportState();
        expect(text).to.include(JOB_RETRY);
        expect(text).to.not.include(TOKEN);
    });

    it("7. destroy sends nothing and empties the stack", async () => {
        emulator.reset();
        await stack.destroy();
        expect(emulator.requests).to.have.length(0);
        const state = JSON.parse(await stack.exportState());
        expect(state.deployment.resources ?? []).to.have.length(0);
    });
});
