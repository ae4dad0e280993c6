/// <reference types="mocha" />
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { REPO_ROOT } from "../support/jobRetryHarness";

const run = promisify(execFile);

/** Declares a JobRetry under mocks, loading the package by absolute path (not by name). */
const DECLARE = `
const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
pulumi.runtime.setMocks({ newResource: (a) => ({ id: "id", state: a.inputs }), call: (a) => a.inputs }, "p", "s", false);
const { JobRetry } = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "provider", "index.js"))});
try {
    new JobRetry("retry", { jobId: "job-1" });
    console.log("registered");
} catch (error) {
    console.log(error.message);
}
`;

describe("serializedProvider", () => {
    let tmp: string;

    before(async () => {
        tmp = await mkdtemp(path.join(os.tmpdir(), "jobretry-unresolvable-"));
    });

    after(async () => {
        await rm(tmp, { recursive: true, force: true });
    });

    it("refuses, before any request, a program whose directory cannot load the package by name", async () => {
        const { stdout } = await run(process.execPath, ["-e", DECLARE], { cwd: tmp });
        expect(stdout).to.not.include("registered");
        expect(stdout).to.include(`pulumi-huaweicloud-workspace-jobs cannot be loaded from the program's directory ${tmp}`);
        expect(stdout).to.include('hint: the Pulumi provider host loads it by name from there: add "pulumi-huaweicloud-workspace-jobs"');
    });

    it("registers from a directory that loads the package by name", async () => {
        const { stdout } = await run(process.execPath, ["-e", DECLARE], { cwd: REPO_ROOT });
        expect(stdout.trim()).to.equal("registered");
    });
});
