/// <reference types="mocha" />
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";
import { captureDynamicResourceInputs } from "../support/providerHost";
import { REPO_ROOT } from "../support/jobRetryHarness";

const SECRETS = {
    HW_AUTH_TOKEN: "token-SERIAL-0001-do-not-capture",
    HW_ACCESS_KEY: "AKSERIAL0002DONOTCAPTURE",
    HW_SECRET_KEY: "sk-SERIAL-0003-do-not-capture",
    HW_SECURITY_TOKEN: "st-SERIAL-0004-do-not-capture",
};

describe("the serialized provider (__provider)", () => {
    let texts: string[];
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        // Credentials present in the program's process must not be captured.
        for (const [name, value] of Object.entries(SECRETS)) {
            saved[name] = process.env[name];
            process.env[name] = value;
        }
        const inputs = await captureDynamicResourceInputs(() => {
            new JobRetry("a", { jobId: "job-a", projectId: "project-a", triggers: { n: 1 } });
            new JobRetry("b", { jobId: "job-b", region: "cn-north-4" });
        });
        texts = inputs.map((input) => input.__provider as string);
    });

    after(() => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    });

    it("is under 2 KB", () => {
        expect(Buffer.byteLength(texts[0])).to.be.below(2048);
    });

    it("is byte-identical for two resources with different inputs", () => {
        expect(texts[1]).to.equal(texts[0]);
    });

    it("holds no credential, no input and no client", () => {
        for (const value of Object.values(SECRETS)) {
            expect(texts[0]).to.not.include(value);
        }
        expect(texts[0]).to.not.include("project-a");
        expect(texts[0]).to.not.match(/axios|X-Auth-Token/i);
    });

    it("loads the implementation by package name", () => {
        expect(texts[0]).to.include('require("pulumi-huaweicloud-workspace-jobs/internal/provider")');
    });

    it("is byte-identical across a rebuild of the package", function () {
        this.timeout(120_000);
        const print = () =>
            execFileSync(process.execPath, [path.join(__dirname, "..", "support", "printProvider.js")], {
                cwd: REPO_ROOT,
                encoding: "utf8",
            });
        const before = print();
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: REPO_ROOT });
        const after = print();
        expect(before).to.have.length.above(0);
        expect(after).to.equal(before);
        expect(after).to.equal(texts[0]);
    });
});
