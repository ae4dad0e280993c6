/// <reference types="mocha" />
import { expect } from "chai";
import { DEFAULT_PROJECT_ID, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { LocalStack } from "../../scripts/localStack";
import { engineOrSkip } from "../support/engine";
import { InstalledLayout, installedLayouts } from "../package/installLayouts";
import { LegacyProgram, legacyNpmProgram } from "../package/legacyPackage";

const JOB_RETRY = "pulumi-nodejs:dynamic:JobRetry";
const TOKEN = "layouts-token-must-never-be-stored-in-clear-text";

/**
 * The layouts whose program also runs through the real CLI (the matrix runs every layout
 * through its own host): each way the engine can find the program, its SDK or the package
 * differently. yarn classic and pnpm `node-linker=hoisted` lay out node_modules like npm,
 * pnpm `hoist=false` like pnpm's default as far as the engine goes; engine.test.ts runs a
 * TypeScript program through the CLI already (ts-node type-checks on every command: ~50 s here).
 */
const CLI_LAYOUTS = ["npm", "pnpm default", "npm workspaces", "ES module"];

/** The one JobRetry of an exported state (`--show-secrets` gives `__provider` in plaintext). */
async function jobRetryState(stack: LocalStack, showSecrets = false): Promise<{ outputs: Record<string, any> } | undefined> {
    const { stdout } = await stack.run(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]);
    const resources = (JSON.parse(stdout).deployment.resources ?? []) as Array<{ type: string; outputs: Record<string, any> }>;
    return resources.find((resource) => resource.type === JOB_RETRY);
}

/** The plaintext of a state value that may be a secret envelope. */
function plaintext(value: unknown): string {
    if (typeof value === "string") return value;
    const envelope = value as { plaintext?: string };
    return typeof envelope?.plaintext === "string" ? (JSON.parse(envelope.plaintext) as string) : JSON.stringify(value);
}

/** Starts the emulator and a stack of `programDir` whose config points at it. */
async function startStack(pulumi: string, programDir: string): Promise<{ emulator: WorkspaceEmulator; stack: LocalStack }> {
    const emulator = await WorkspaceEmulator.start({ tokens: [TOKEN], timing: { initMs: 50, runMs: 100 } });
    const stack = await LocalStack.create({ pulumi, programDir, stack: "layouts", env: { HW_PROJECT_ID: DEFAULT_PROJECT_ID } });
    await stack.setConfig("huaweicloud:token", TOKEN, true);
    await stack.setConfig("endpoint", emulator.url);
    return { emulator, stack };
}

const retries = (emulator: WorkspaceEmulator) => emulator.requests.filter((request) => request.route === "retry").length;

for (const name of CLI_LAYOUTS) {
    describe(`the real CLI on a program installed with ${name}`, function () {
        this.timeout(15 * 60_000);
        let layout: InstalledLayout;
        let emulator: WorkspaceEmulator;
        let stack: LocalStack;

        before(async function () {
            const pulumi = engineOrSkip(this);
            layout = (await installedLayouts()).layouts.find((l) => l.name === name)!;
            ({ emulator, stack } = await startStack(pulumi, layout.program));
        });

        after(async () => {
            await stack?.remove();
            await emulator?.stop();
        });

        it("up retries exactly once and stores the provider by value, with no credential", async () => {
            await stack.up();
            expect(retries(emulator)).to.equal(1);
            const { newJobId } = await stack.outputs();
            expect(emulator.store.all().some((job) => job.id === newJobId)).to.equal(true);
            const stored = plaintext((await jobRetryState(stack, true))!.outputs.__provider);
            const ciphertext = JSON.stringify((await jobRetryState(stack))!.outputs.__provider);
            console.log(
                `      ${name}: __provider ${Buffer.byteLength(stored)} B (${Buffer.byteLength(ciphertext)} B as stored, encrypted)`,
            );
            expect(Buffer.byteLength(stored)).to.be.below(2048);
            expect(stored).to.include('require("pulumi-huaweicloud-workspace-jobs/internal/provider")');
            expect(await stack.exportState()).to.not.include(TOKEN);
        });

        it("a second up changes nothing and sends nothing", async () => {
            emulator.reset();
            const { stdout } = await stack.up();
            expect(stdout).to.match(/2 unchanged/);
            expect(emulator.requests).to.have.length(0);
        });

        it("refresh reads the job and sends no retry", async () => {
            emulator.reset();
            await stack.refresh();
            expect(retries(emulator)).to.equal(0);
            expect((await jobRetryState(stack))!.outputs.status).to.equal("SUCCESS");
        });

        it("destroy sends nothing and empties the stack", async () => {
            emulator.reset();
            await stack.destroy();
            expect(emulator.requests).to.have.length(0);
            expect(await jobRetryState(stack)).to.equal(undefined);
        });
    });
}

describe("the real CLI across an upgrade from 0.1.0 (npm)", function () {
    this.timeout(15 * 60_000);
    let legacy: LegacyProgram;
    let emulator: WorkspaceEmulator;
    let stack: LocalStack;
    let stateBefore: string;

    before(async function () {
        const pulumi = engineOrSkip(this);
        legacy = await legacyNpmProgram();
        ({ emulator, stack } = await startStack(pulumi, legacy.layout.program));
    });

    after(async () => {
        await stack?.remove();
        await emulator?.stop();
    });

    it("0.1.0 creates the JobRetry with its 287-byte __provider", async () => {
        await stack.up();
        expect(retries(emulator)).to.equal(1);
        stateBefore = plaintext((await jobRetryState(stack, true))!.outputs.__provider);
        expect(Buffer.byteLength(stateBefore)).to.equal(287);
    });

    it("after installing this version over it, up plans and sends nothing", async () => {
        await legacy.upgrade();
        emulator.reset();
        const steps = await stack.plannedSteps();
        expect(steps[JOB_RETRY] ?? "same").to.equal("same");
        const { stdout } = await stack.up();
        expect(stdout).to.match(/2 unchanged/);
        expect(emulator.requests).to.have.length(0);
    });

    it("refresh and destroy of the state 0.1.0 wrote work with the new version", async () => {
        emulator.reset();
        await stack.refresh();
        expect(retries(emulator)).to.equal(0);
        expect((await jobRetryState(stack))!.outputs.status).to.equal("SUCCESS");
        emulator.reset();
        await stack.destroy();
        expect(emulator.requests).to.have.length(0);
        expect(await jobRetryState(stack)).to.equal(undefined);
    });
});
