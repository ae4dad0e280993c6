/// <reference types="mocha" />
/**
 * Where the calls go when a region and an endpoint are set at different levels, through the
 * real host: the most specific level that sets either wins, so a region at one level beats an
 * endpoint at a lower one (and an endpoint beats a region below it). The emulator stands for
 * an endpoint; a region's own endpoint is unreachable here, so a call sent there fails with
 * an error that names it, and the emulator receives nothing.
 */
import { expect } from "chai";
import { DEFAULT_TOKEN } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { failedProject, Harness, startHarness } from "../support/jobRetryHarness";
import { HostCallError } from "../support/providerHost";

/** Settings that make a call to an unreachable host fail at once: no retry, a short deadline. */
const FAIL_FAST = { HW_MAX_RETRIES: "0", HW_REQUEST_TIMEOUT_SECONDS: "3" };

describe("a region at one level beats an endpoint at a lower one, through the real host", () => {
    /** Creates a JobRetry of a fresh failed job; resolves with the error when it fails. */
    async function create(h: Harness, inputs: Record<string, unknown> = {}) {
        const target = failedProject(h.emulator);
        const created = await h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId, ...inputs })).then(
            (result) => ({ result, error: undefined }),
            (error: HostCallError) => ({ result: undefined, error }),
        );
        return { ...created, target };
    }

    describe("huaweicloud:region in stack config, HW_WORKSPACE_ENDPOINT in the environment", () => {
        let h: Harness;
        before(async () => {
            h = await startHarness({
                env: (emulator) => ({ HW_WORKSPACE_ENDPOINT: emulator.url, HW_AUTH_TOKEN: DEFAULT_TOKEN, ...FAIL_FAST }),
                config: () => ({ "huaweicloud:region": "cn-north-4" }),
            });
        });
        after(async () => h.stop());

        it("sends to the region's endpoint: the error names it, the emulator receives nothing", async () => {
            const { error } = await create(h);
            expect(error, "the create should fail: the region's endpoint is not the emulator").to.not.equal(undefined);
            expect(error!.details).to.include("call=GET https://workspace.cn-north-4.myhuaweicloud.com/v2/");
            expect(h.apiRequests()).to.deep.equal([]);
        });
    });

    describe("huaweicloud:workspaceEndpoint in stack config, HW_REGION_NAME in the environment", () => {
        let h: Harness;
        before(async () => {
            h = await startHarness({
                env: () => ({ HW_REGION_NAME: "cn-north-4", HW_AUTH_TOKEN: DEFAULT_TOKEN, ...FAIL_FAST }),
                config: (emulator) => ({ "huaweicloud:workspaceEndpoint": emulator.url }),
            });
        });
        after(async () => h.stop());
        beforeEach(() => h.emulator.reset());

        it("an endpoint in stack config beats a region in the environment: the emulator receives the retry", async () => {
            const { result, error, target } = await create(h);
            expect(error?.message).to.equal(undefined);
            expect(result!.properties.resolvedEndpoint).to.equal(h.emulator.url);
            expect(
                h
                    .apiRequests()
                    .filter((request) => request.route === "retry")
                    .map((request) => request.url),
            ).to.deep.equal([`/v2/${target.projectId}/workspace-jobs/${target.jobId}/actions`]);
        });

        it("a region input beats the endpoint in stack config: the error names the region's endpoint, the emulator receives nothing", async () => {
            const { error } = await create(h, { region: "cn-south-1" });
            expect(error, "the create should fail: the region's endpoint is not the emulator").to.not.equal(undefined);
            expect(error!.details).to.include("call=GET https://workspace.cn-south-1.myhuaweicloud.com/v2/");
            expect(h.apiRequests()).to.deep.equal([]);
        });
    });
});
