/// <reference types="mocha" />
// The progress lines of a wait, shown by a real `pulumi up`: the CLI forwards the provider
// host's stdout lines as info messages. PRINT_PROGRESS=1 prints the lines found. A short job:
// the line after 30 s of the same state is a rule of the lines' printer, tested on a fake
// clock in test/host/progress.test.ts; here what counts is that the lines reach the CLI's output.
import { expect } from "chai";
import * as path from "node:path";
import { DEFAULT_PROJECT_ID, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { LocalStack } from "../../scripts/localStack";
import { engineOrSkip } from "../support/engine";
import { REPO_ROOT } from "../support/jobRetryHarness";

const TOKEN = "progress-token-must-never-be-printed";

describe("progress lines in the output of a real pulumi up", function () {
    this.timeout(10 * 60_000);
    let emulator: WorkspaceEmulator;
    let stack: LocalStack;

    before(async function () {
        const pulumi = engineOrSkip(this);
        // Each phase outlasts the gap between the polls that fall in it (they grow by half each
        // time), with room for a slow start of the wait: each state is seen.
        emulator = await WorkspaceEmulator.start({ tokens: [TOKEN], timing: { initMs: 5_000, runMs: 6_000, subJobCount: 3 } });
        stack = await LocalStack.create({
            pulumi,
            programDir: path.join(REPO_ROOT, "test", "e2e", "programs", "progress"),
            stack: "progress",
            env: { HW_PROJECT_ID: DEFAULT_PROJECT_ID },
        });
        await stack.setConfig("huaweicloud:token", TOKEN, true);
        await stack.setConfig("endpoint", emulator.url);
    });

    after(async () => {
        await stack?.remove();
        await emulator?.stop();
    });

    it("shows the child JobWait's lines while it waits: one per change of state (INIT, RUNNING, SUCCESS); no credential", async () => {
        const { stdout, stderr } = await stack.up();
        const newJobId = (await stack.outputs()).newJobId as string;
        const short = newJobId.slice(0, 4);
        const lines = stdout
            .split("\n")
            .map((line) => line.trim())
            .filter((line) => line.startsWith("retry-registration-wait: "));
        if (process.env.PRINT_PROGRESS) console.log(lines.join("\n"));
        const pattern = (status: string, done: number) =>
            new RegExp(`^retry-registration-wait: job ${short}… ${status}, ${done}/3 sub jobs done, (\\d+m)?\\d+s$`);
        expect(lines, stdout).to.have.length(3);
        expect(lines[0], "the first poll, while the job is INIT").to.match(pattern("INIT", 0));
        expect(lines[1], "the change to RUNNING").to.match(pattern("RUNNING", 0));
        expect(lines[2], "the end").to.match(pattern("SUCCESS", 3));
        expect(stdout + stderr).not.to.include(TOKEN);
    });
});
