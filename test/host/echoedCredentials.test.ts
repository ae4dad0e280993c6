/// <reference types="mocha" />
/**
 * The provider's own scrub of its errors, through the real host: a server that writes the
 * request's credentials back into its error (the emulator's `echo-credentials` fault) must not
 * get them into what `JobRetry` and `JobWait` throw, nor into the host's output. The client
 * quotes `error_msg` as it came; only the provider's scrub stands between it and the user.
 */
import { expect } from "chai";
import type { FaultRoute } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { failedProject, Harness, jobWaitInputs, postsTo, startHarness } from "../support/jobRetryHarness";
import { HostCallError } from "../support/providerHost";

const TOKEN = "echo-host-iam-token-0000000001";
const TEMPORARY = {
    accessKey: "ECHOHOSTTEMPORARYAK1",
    secretKey: "echo-host-temporary-secret-key-000001",
    securityToken: "echo-host-security-token-0000000001",
};

interface Scenario {
    name: string;
    env: Record<string, string>;
    /** The credential values the emulator writes back. */
    echoed: string[];
    /** How each looks once scrubbed, in the error's error_msg. */
    scrubbed: string[];
}

const SCENARIOS: Scenario[] = [
    {
        name: "an IAM token",
        env: { HW_AUTH_TOKEN: TOKEN },
        echoed: [TOKEN],
        scrubbed: ["X-Auth-Token [REDACTED]"],
    },
    {
        name: "an access key pair with a security token",
        env: { HW_ACCESS_KEY: TEMPORARY.accessKey, HW_SECRET_KEY: TEMPORARY.secretKey, HW_SECURITY_TOKEN: TEMPORARY.securityToken },
        echoed: [TEMPORARY.accessKey, TEMPORARY.securityToken],
        scrubbed: ["access key [REDACTED]", "X-Security-Token [REDACTED]"],
    },
];

for (const scenario of SCENARIOS) {
    describe(`credentials a server echoes into its error, through the real host: ${scenario.name}`, () => {
        let h: Harness;
        let waitProvider: string;

        before(async () => {
            h = await startHarness({
                emulator: {
                    tokens: [TOKEN],
                    keys: { [TEMPORARY.accessKey]: { secretKey: TEMPORARY.secretKey, securityToken: TEMPORARY.securityToken } },
                },
                env: (emulator) => ({ HW_WORKSPACE_ENDPOINT: emulator.url, ...scenario.env }),
            });
            waitProvider = (await jobWaitInputs({ jobId: "any" })).__provider;
        });
        after(async () => h.stop());

        /**
         * Runs a host call that the echo makes fail, and checks what left the provider: the
         * echo's text with every credential replaced, in the error and in the host's output.
         */
        async function failsScrubbed(call: Promise<unknown>, route: FaultRoute, projectId: string): Promise<HostCallError> {
            const error = await call.then(
                () => expect.fail("the call should fail on the echoed error"),
                (failure: HostCallError) => failure,
            );
            const echoes = h.apiRequests().filter((request) => request.route === route && request.url.startsWith(`/v2/${projectId}/`));
            expect(
                echoes.map((request) => request.status),
                "the emulator answered with the echo",
            ).to.include(401);
            for (const value of scenario.echoed) {
                expect(error.details, "the error").to.not.include(value);
                expect(JSON.stringify(error.initFailure ?? {}), "a partial failure's id and properties").to.not.include(value);
                expect(h.host.output(), "the host's output").to.not.include(value);
            }
            expect(error.details).to.include("HTTP 401 APIG.0301");
            for (const text of scenario.scrubbed) expect(error.details).to.include(text);
            return error;
        }

        it("JobRetry create: the retry POST's error is scrubbed", async () => {
            const target = failedProject(h.emulator);
            h.emulator.inject({ route: "retry", kind: "echo-credentials", projectId: target.projectId });
            await failsScrubbed(h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId })), "retry", target.projectId);
            expect(postsTo(h.emulator, target.projectId)).to.equal(1);
        });

        it("JobWait create: the job read's error is scrubbed", async () => {
            const target = failedProject(h.emulator);
            h.emulator.inject({ route: "getJob", kind: "echo-credentials", projectId: target.projectId });
            const wait = { jobId: target.jobId, projectId: target.projectId, __provider: waitProvider };
            await failsScrubbed(h.host.create(wait), "getJob", target.projectId);
        });

        it("refresh (Read) of a JobRetry: the job read's error is scrubbed", async () => {
            const target = failedProject(h.emulator);
            const { id, properties } = await h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId }));
            h.emulator.inject({ route: "getJob", kind: "echo-credentials", projectId: target.projectId });
            await failsScrubbed(h.host.read(id, properties), "getJob", target.projectId);
        });
    });
}
