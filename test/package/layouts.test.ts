/// <reference types="mocha" />
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as jobs from "pulumi-huaweicloud-workspace-jobs";
import { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { emulatorEnv, FAILED_JOB, REPO_ROOT, SETTING_VARIABLES } from "../support/jobRetryHarness";
import { startProviderHost } from "../support/providerHost";
import { Installed, installedLayouts } from "./installLayouts";
import { LAYOUTS } from "./layouts";

/** The exact `__provider` that 0.1.0 stored in every state it created (npm, yarn, workspaces, ES modules). */
const LEGACY_PROVIDER = readFileSync(path.join(REPO_ROOT, "test", "fixtures", "provider-0.1.0.txt"), "utf8");

/** Largest `__provider` accepted, in bytes. */
const MAX_PROVIDER_BYTES = 2048;

describe("installed from the tarball in every supported layout, through each layout's own provider host", function () {
    this.timeout(15 * 60_000);
    let installed: Installed;
    const sizes: Record<string, number> = {};
    const firstText: Record<string, string> = {};

    before(async () => {
        installed = await installedLayouts();
    });

    after(() => {
        if (!installed) return;
        console.log(`      layout matrix: ${installed.layouts.length} layouts installed in ${installed.seconds.toFixed(0)} s`);
        for (const layout of installed.layouts) {
            console.log(`        ${layout.name}: install ${layout.installSeconds.toFixed(0)} s, __provider ${sizes[layout.name] ?? "?"} B`);
        }
    });

    for (const layout of LAYOUTS) {
        describe(layout.name, () => {
            const installedLayout = () => installed.layouts.find((l) => l.name === layout.name)!;
            let provider: string;
            let waitProvider: string;

            it("registers a JobRetry and a JobWait, each with the same by-value __provider as everywhere, and exposes every export", async () => {
                const printed = await installedLayout().printProvider();
                provider = printed.provider;
                waitProvider = printed.waitProvider;
                expect(waitProvider, "JobWait registers too").to.be.a("string");
                sizes[layout.name] = Buffer.byteLength(provider);
                expect(printed.exports).to.deep.equal(Object.keys(jobs).sort());
                expect(Buffer.byteLength(provider)).to.be.below(MAX_PROVIDER_BYTES);
                expect(provider).to.include('"pulumi-huaweicloud-workspace-jobs/internal/provider"');
                expect(waitProvider).to.include('"pulumi-huaweicloud-workspace-jobs/internal/jobWaitProvider"');
                // One text per SDK version whatever the layout: switching package manager is not a change.
                firstText[layout.pulumi] ??= provider;
                expect(provider).to.equal(firstText[layout.pulumi]);
                // Nothing of where it was installed: a store path or folder would break after the next install.
                expect(provider).to.not.include(".pnpm");
                expect(provider).to.not.include(installed.root);
                expect(provider).to.not.match(/node_modules|dist\//);
            });

            it("creates once; diffs as no change, refreshes and deletes, from its own state and from a 0.1.0 state", async () => {
                expect(provider, "the registration step ran").to.be.a("string");
                const { program, hostScript } = installedLayout();
                expect(hostScript.startsWith(installed.root), `${hostScript} is the layout's own host`).to.equal(true);
                const emulator = await WorkspaceEmulator.start({ timing: { initMs: 0, runMs: 100 } });
                const cleared = Object.fromEntries(SETTING_VARIABLES.map((name) => [name, ""]));
                const host = await startProviderHost({ cwd: program, hostScript, env: { ...cleared, ...emulatorEnv(emulator) } });
                try {
                    await host.configure({});
                    const checked = await host.check({}, { jobId: FAILED_JOB, __provider: provider });
                    expect(checked.failures).to.deep.equal([]);
                    const { id, properties } = await host.create(checked.inputs);
                    expect(emulator.jobsCreated).to.equal(1);
                    expect(emulator.store.all().some((job) => job.id === id)).to.equal(true);

                    // Old outputs written by 0.1.0 (the 287-byte require()), new inputs from this install.
                    const legacy = { ...properties, __provider: LEGACY_PROVIDER };
                    for (const olds of [properties, legacy]) {
                        expect((await host.diff(id, olds, checked.inputs)).changes).to.equal("none");
                        const read = await host.read(id, olds);
                        expect(read.id).to.equal(id);
                        expect(read.properties.newJobId).to.equal(id);
                        await host.delete(id, olds);
                    }
                    expect(emulator.requests.filter((request) => request.route === "retry")).to.have.length(1);

                    // JobWait, through the same host: waits for the job the retry started.
                    const wait = await host.check({}, { jobId: id, __provider: waitProvider });
                    expect(wait.failures).to.deep.equal([]);
                    const waited = await host.create(wait.inputs);
                    expect(waited.id).to.equal(id);
                    expect(waited.properties.status).to.equal("SUCCESS");
                    expect(emulator.requests.filter((request) => request.route === "retry")).to.have.length(1);
                } catch (error) {
                    throw new Error(`${(error as Error).message}\n--- host output ---\n${host.output()}`);
                } finally {
                    await host.stop();
                    await emulator.stop();
                }
            });
        });
    }
});
