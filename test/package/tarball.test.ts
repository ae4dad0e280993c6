/// <reference types="mocha" />
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { DEFAULT_PROJECT_ID, DEFAULT_TOKEN, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { FAILED_JOB, REPO_ROOT } from "../support/jobRetryHarness";
import { startProviderHost } from "../support/providerHost";

const run = promisify(execFile);

/** What the published tarball may hold. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/(provider|emulator)\/.+\.(js|d\.ts|js\.map)$/];

/** A program that prints the __provider of one JobRetry, using its own installed copies. */
const PRINT_PROVIDER = `const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({
    newResource: (args) => { if (args.inputs.__provider) process.stdout.write(args.inputs.__provider); return { id: "id", state: args.inputs }; },
    call: (args) => args.inputs,
}, "tarball", "tarball", false);
const { JobRetry } = require("pulumi-huaweicloud-workspace-jobs");
new JobRetry("retry", { jobId: "${FAILED_JOB}" });
`;

describe("the npm tarball, installed into a fresh program", function () {
    this.timeout(180_000);
    let tmp: string;
    let program: string;
    let files: string[];

    before(async () => {
        tmp = await mkdtemp(path.join(os.tmpdir(), "jobretry-tarball-"));
        const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: REPO_ROOT });
        const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
        files = packed.files.map((file) => file.path);
        program = path.join(tmp, "program");
        await mkdir(program);
        await writeFile(path.join(program, "package.json"), JSON.stringify({ name: "tarball-program", private: true }));
        await writeFile(path.join(program, "Pulumi.yaml"), "name: tarball-program\nruntime: nodejs\nmain: print-provider.js\n");
        await writeFile(path.join(program, "print-provider.js"), PRINT_PROVIDER);
        await run(
            "npm",
            ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(tmp, packed.filename), "@pulumi/pulumi@3.248.0"],
            { cwd: program },
        );
    });

    after(async () => {
        if (tmp) await rm(tmp, { recursive: true, force: true });
    });

    it("holds dist (JS, .d.ts, source maps), README, LICENSE and the emulator bin, and nothing else", () => {
        const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
        expect(unexpected).to.deep.equal([]);
        for (const required of [
            "README.md",
            "LICENSE",
            "dist/provider/index.js",
            "dist/provider/index.d.ts",
            "dist/provider/index.js.map",
            "dist/emulator/cli.js",
            "dist/emulator/index.d.ts",
        ]) {
            expect(files).to.include(required);
        }
    });

    it("installs the emulator command", async () => {
        const { stdout } = await run(path.join(program, "node_modules", ".bin", "workspace-emulator"), ["--help"], { cwd: program });
        expect(stdout).to.include("Usage: workspace-emulator");
    });

    it("serializes the provider by value, loading the installed implementation by package name, under 2 KB", async () => {
        const { stdout } = await run(process.execPath, ["print-provider.js"], { cwd: program });
        expect(stdout).to.include('require("pulumi-huaweicloud-workspace-jobs/internal/provider")');
        expect(stdout).to.not.include("node_modules");
        expect(Buffer.byteLength(stdout)).to.be.below(2048);
    });

    it("creates a JobRetry through the real provider host running in that program", async () => {
        const { stdout: provider } = await run(process.execPath, ["print-provider.js"], { cwd: program });
        const emulator = await WorkspaceEmulator.start();
        const host = await startProviderHost({
            cwd: program,
            env: { HW_WORKSPACE_ENDPOINT: emulator.url, HW_AUTH_TOKEN: DEFAULT_TOKEN, HW_PROJECT_ID: DEFAULT_PROJECT_ID },
        });
        try {
            await host.configure({});
            const checked = await host.check({}, { jobId: FAILED_JOB, __provider: provider });
            expect(checked.failures).to.deep.equal([]);
            const { id } = await host.create(checked.inputs);
            expect(emulator.jobsCreated).to.equal(1);
            expect(emulator.store.all().some((job) => job.id === id)).to.equal(true);
        } finally {
            await host.stop();
            await emulator.stop();
        }
    });
});
