/// <reference types="mocha" />
/**
 * getFailedJobs in a Pulumi program (under the SDK's mocks): secret stack config is read
 * without a warning, and nothing it read or is made of reaches a JobRetry's `__provider`
 * or inputs, the parts of a resource that land in the state.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { getFailedJobs, JobRetry } from "pulumi-huaweicloud-workspace-jobs";
import { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { captureDynamicResourceInputs } from "../support/providerHost";
import { PROJECT, SETTING_VARIABLES } from "../support/jobRetryHarness";

const TOKEN = "program-side-secret-token-never-in-state";

describe("provider/failedJobs in a program: secret config, and nothing captured", () => {
    let emulator: WorkspaceEmulator;
    let savedConfig: Record<string, string>;
    const savedEnv = { ...process.env };

    before(async () => {
        emulator = await WorkspaceEmulator.start({ tokens: [TOKEN] });
        savedConfig = pulumi.runtime.allConfig();
        for (const name of SETTING_VARIABLES) delete process.env[name];
    });
    after(async () => {
        pulumi.runtime.setAllConfig(savedConfig);
        process.env = savedEnv;
        await emulator.stop();
    });

    it("lists from secret stack config without a warning, and the JobRetry it feeds carries none of it", async () => {
        const logged: string[] = [];
        const originals = { warn: console.warn, error: console.error, log: console.log };
        const capture = (...args: unknown[]) => logged.push(args.map(String).join(" "));
        let jobIds: string[] = [];
        const registered = await captureDynamicResourceInputs(async () => {
            // As the language host hands a program its stack config: the token marked secret.
            pulumi.runtime.setAllConfig(
                { "huaweicloud:token": TOKEN, "huaweicloud:workspaceEndpoint": emulator.url, "huaweicloud:projectId": PROJECT },
                ["huaweicloud:token"],
            );
            Object.assign(console, { warn: capture, error: capture, log: capture });
            try {
                const { jobs } = await getFailedJobs({ jobTypes: ["applyWorkspace"] });
                jobIds = jobs.map((job) => job.jobId);
            } finally {
                Object.assign(console, originals);
            }
            for (const jobId of jobIds) new JobRetry(`retry-${jobId}`, { jobId });
        });
        expect(jobIds).to.have.length.greaterThan(0);
        expect(emulator.requests.every((request) => request.auth === "token" && request.status === 200)).to.equal(true);
        expect(logged.join("\n")).to.not.match(/secret/i);
        expect(registered).to.have.length(jobIds.length);
        for (const inputs of registered) {
            const text = JSON.stringify(inputs);
            expect(text).to.not.include(TOKEN);
            const provider = String(JSON.stringify(inputs.__provider));
            expect(provider, "the stub loads the provider by package name").to.include(
                "pulumi-huaweicloud-workspace-jobs/internal/provider",
            );
            for (const name of ["getFailedJobs", "listFailedJobs", "workspace-sub-jobs", "listSubJobs", emulator.url]) {
                expect(provider, name).to.not.include(name);
            }
        }
    });
});
