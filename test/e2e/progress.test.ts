/// <reference types="mocha" />
// The progress lines of a wait, shown by a real `pulumi up`: the CLI forwards the provider
// host's stdout lines as info messages. PRINT_PROGRESS=1 prints the lines found.
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
        // Long enough a RUNNING phase for one line with nothing new (30 s after the last one).
        emulator = await WorkspaceEmulator.start({ tokens: [TOKEN], timing: { initMs: 2_000, runMs: 60_000, subJobCount: 3 } });
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

    it("shows the child JobWait's lines while it waits: on changes, and one after 30 s of the same; no credential", async () => {
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
        expect(lines.length, stdout).to.be.at.least(3);
        expect(
            lines.some((line) => pattern("(INIT|RUNNING)", 0).test(line)),
            "a first line",
        ).to.equal(true);
        expect(lines.filter((line) => pattern("RUNNING", 0).test(line)).length, "RUNNING, then again after 30 s").to.be.at.least(2);
        expect(lines[lines.length - 1]).to.match(pattern("SUCCESS", 3));
        // Distinct lines, except the heartbeat: never two lines for the same state within 30 s.
        expect(new Set(lines).size).to.equal(lines.length);
        expect(stdout + stderr).not.to.include(TOKEN);
    });
});
