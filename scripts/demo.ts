/**
 * `npm run demo`: starts the Workspace emulator, runs the root Pulumi program against it
 * with a throwaway local backend (`pulumi up`), prints the new job id, and cleans up.
 *
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_PROJECT_ID, DEFAULT_TOKEN, WorkspaceEmulator } from "../emulator";
import { LocalStack } from "./localStack";

const ROOT = path.resolve(__dirname, "..");

/** Path of a usable `pulumi` (the last line of scripts/engine.sh), or undefined with advice printed. */
function findEngine(): string | undefined {
    try {
        const out = execFileSync("bash", [path.join(ROOT, "scripts", "engine.sh")], {
            stdio: ["ignore", "pipe", "inherit"],
            encoding: "utf8",
        });
        return out.trim().split("\n").pop();
    } catch {
        console.error(
            [
                "No Pulumi CLI: `pulumi` is not on PATH and scripts/engine.sh could not build one.",
                "Either install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH,",
                "or install Go >= 1.26 with access to the Go module proxy and run `bash scripts/engine.sh`",
                "(it builds the engine from source into ~/.cache/pulumi-hw-engine and reuses it afterwards).",
            ].join("\n"),
        );
        return undefined;
    }
}

async function main(): Promise<number> {
    const pulumi = findEngine();
    if (!pulumi) return 1;
    const emulator = await WorkspaceEmulator.start();
    console.log(`Workspace emulator on ${emulator.url}; failed job 6783cecb-0e5c-4521-a3ea-825f551c1ba9 seeded.`);
    const stack = await LocalStack.create({
        pulumi,
        programDir: ROOT,
        stack: "demo",
        env: { HW_WORKSPACE_ENDPOINT: emulator.url, HW_AUTH_TOKEN: DEFAULT_TOKEN, HW_PROJECT_ID: DEFAULT_PROJECT_ID },
    });
    try {
        const up = await stack.up();
        console.log(up.stdout);
        const { newJobId } = await stack.outputs();
        const created = emulator.store.all().find((job) => job.id === newJobId);
        console.log(`New job id: ${newJobId}`);
        console.log(
            `The emulator received ${emulator.requests.length} request(s) and started ${emulator.jobsCreated} job(s)${created ? `, ${created.id} among them` : ""}.`,
        );
        await stack.destroy();
        return created && emulator.jobsCreated === 1 ? 0 : 1;
    } finally {
        await stack.remove();
        await emulator.stop();
    }
}

main().then(
    (code) => process.exit(code),
    (error: Error) => {
        console.error(error.message);
        process.exit(1);
    },
);
