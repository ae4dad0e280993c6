/// <reference types="mocha" />
import { expect } from "chai";
import { FAILED_JOB, Harness, PROJECT, startHarness } from "../support/jobRetryHarness";
import { HostCallError, secret } from "../support/providerHost";

const PERMANENT = { ak: "HOSTTESTPERMANENTAK01", sk: "host-test-permanent-sk-0000000001" };
const TEMPORARY = { ak: "HOSTTESTTEMPORARYAK02", sk: "host-test-temporary-sk-0000000002", token: "host-test-security-token-0000000003" };
const TOKEN = "host-test-iam-token-0000000004";

const emulatorOptions = {
    tokens: [TOKEN],
    keys: { [PERMANENT.ak]: { secretKey: PERMANENT.sk }, [TEMPORARY.ak]: { secretKey: TEMPORARY.sk, securityToken: TEMPORARY.token } },
};

const ALL_SECRETS = [PERMANENT.sk, TEMPORARY.sk, TEMPORARY.token, TOKEN];

interface Scenario {
    name: string;
    env?: Record<string, string>;
    config?: Record<string, unknown>;
    expectAuth: string;
}

const SCENARIOS: Scenario[] = [
    { name: "IAM token from the environment", env: { HW_AUTH_TOKEN: TOKEN }, expectAuth: "token" },
    { name: "IAM token from stack config", config: { "huaweicloud:token": secret(TOKEN) }, expectAuth: "token" },
    {
        name: "access key pair from HW_ variables",
        env: { HW_ACCESS_KEY: PERMANENT.ak, HW_SECRET_KEY: PERMANENT.sk },
        expectAuth: `aksk:${PERMANENT.ak}`,
    },
    {
        name: "access key pair from HUAWEICLOUD_SDK_ variables",
        env: { HUAWEICLOUD_SDK_AK: PERMANENT.ak, HUAWEICLOUD_SDK_SK: PERMANENT.sk },
        expectAuth: `aksk:${PERMANENT.ak}`,
    },
    {
        name: "access key pair from stack config (secrets)",
        config: { "huaweicloud:accessKey": secret(PERMANENT.ak), "huaweicloud:secretKey": secret(PERMANENT.sk) },
        expectAuth: `aksk:${PERMANENT.ak}`,
    },
    {
        name: "temporary key pair with security token",
        env: { HW_ACCESS_KEY: TEMPORARY.ak, HW_SECRET_KEY: TEMPORARY.sk, HW_SECURITY_TOKEN: TEMPORARY.token },
        expectAuth: `aksk:${TEMPORARY.ak}`,
    },
    {
        name: "temporary key pair from stack config",
        config: {
            "huaweicloud:accessKey": TEMPORARY.ak,
            "huaweicloud:secretKey": secret(TEMPORARY.sk),
            "huaweicloud:securityToken": secret(TEMPORARY.token),
        },
        expectAuth: `aksk:${TEMPORARY.ak}`,
    },
    {
        name: "a key pair and a token: the key pair wins",
        env: { HW_ACCESS_KEY: PERMANENT.ak, HW_SECRET_KEY: PERMANENT.sk, HW_AUTH_TOKEN: TOKEN },
        expectAuth: `aksk:${PERMANENT.ak}`,
    },
];

function assertNoSecret(text: string, where: string): void {
    for (const value of ALL_SECRETS) {
        expect(text, `${where} leaks a credential`).to.not.include(value);
    }
}

describe("credentials through the real host", () => {
    for (const scenario of SCENARIOS) {
        describe(scenario.name, () => {
            let h: Harness;
            before(async () => {
                h = await startHarness({
                    emulator: emulatorOptions,
                    env: (emulator) => ({ HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT, ...scenario.env }),
                    config: () => scenario.config ?? {},
                });
            });
            after(async () => h.stop());

            it("authenticates, and no credential reaches __provider, outputs, errors or the host's output", async () => {
                const checked = await h.host.check({}, h.props({ jobId: FAILED_JOB }));
                const { id, properties } = await h.host.create(checked.inputs);
                const request = h.apiRequests().find((sent) => sent.route === "retry")!;
                expect(h.apiRequests().every((sent) => sent.auth === scenario.expectAuth)).to.equal(true);
                expect(request.auth).to.equal(scenario.expectAuth);
                expect(request.headers["x-project-id"]).to.equal(PROJECT);
                if (scenario.expectAuth.startsWith("aksk")) {
                    expect(request.headers["x-sdk-date"]).to.match(/^\d{8}T\d{6}Z$/);
                    expect(request.headers).to.not.have.property("x-auth-token");
                }

                const updated = await h.host.update(id, properties, h.props({ jobId: FAILED_JOB, endpoint: h.emulator.url }));
                const read = await h.host.read(id, updated.properties);
                const failure = await h.host.create(h.props({ jobId: "missing-job" })).then(
                    () => expect.fail("create of a missing job should fail"),
                    (error: HostCallError) => error,
                );
                expect(failure.details).to.include("HTTP 404");

                assertNoSecret(h.provider, "__provider");
                assertNoSecret(JSON.stringify([properties, updated.properties, read.properties]), "outputs");
                assertNoSecret(failure.details, "the error");
                assertNoSecret(h.host.output(), "the host's output");
            });
        });
    }

    it("keys from stack config never get a stale HW_SECURITY_TOKEN from the environment: the retry is accepted", async () => {
        const h = await startHarness({
            emulator: emulatorOptions,
            env: (emulator) => ({ HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT, HW_SECURITY_TOKEN: TEMPORARY.token }),
            config: () => ({ "huaweicloud:accessKey": secret(PERMANENT.ak), "huaweicloud:secretKey": secret(PERMANENT.sk) }),
        });
        try {
            await h.host.create(h.props({ jobId: FAILED_JOB }));
            const retry = h.apiRequests().find((sent) => sent.route === "retry")!;
            expect(retry.status).to.equal(200);
            expect(retry.auth).to.equal(`aksk:${PERMANENT.ak}`);
            expect(h.apiRequests().every((sent) => sent.auth === `aksk:${PERMANENT.ak}`)).to.equal(true);
        } finally {
            await h.stop();
        }
    });

    describe("bad or incomplete credentials", () => {
        async function createWith(env: Record<string, string>, config: Record<string, unknown> = {}) {
            const h = await startHarness({
                emulator: emulatorOptions,
                env: (emulator) => ({ HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT, ...env }),
                config: () => config,
            });
            try {
                const error = await h.host.create(h.props({ jobId: FAILED_JOB })).then(
                    () => expect.fail("create should fail"),
                    (e: HostCallError) => e,
                );
                assertNoSecret(error.details, "the error");
                assertNoSecret(h.host.output(), "the host's output");
                return { error, requests: h.apiRequests(), jobsCreated: h.emulator.jobsCreated };
            } finally {
                await h.stop();
            }
        }

        it("a wrong secret key is a 401 APIG.0301 with a hint: each read sent once, never repeated, and no retry POST", async () => {
            const { error, requests } = await createWith({ HW_ACCESS_KEY: PERMANENT.ak, HW_SECRET_KEY: TEMPORARY.sk });
            expect(requests.map((request) => request.route).sort()).to.deep.equal(["getJob", "getWorkspaces"]);
            expect(error.details).to.include("HTTP 401");
            expect(error.details).to.include("error_code=APIG.0301");
            expect(error.details).to.include("hint=");
        });

        it("a temporary key without its security token is refused", async () => {
            const { error, jobsCreated } = await createWith({ HW_ACCESS_KEY: TEMPORARY.ak, HW_SECRET_KEY: TEMPORARY.sk });
            expect(error.details).to.include("HTTP 401");
            expect(jobsCreated).to.equal(0);
        });

        it("an access key without a secret key names both, before any request", async () => {
            const { error, requests } = await createWith({ HW_ACCESS_KEY: PERMANENT.ak });
            expect(requests).to.have.length(0);
            expect(error.details).to.include("access key");
            expect(error.details).to.include("secret key");
            expect(error.details).to.include("HW_SECRET_KEY");
        });

        it("a secret key without an access key is an incomplete set", async () => {
            const { error, requests } = await createWith({}, { "huaweicloud:secretKey": secret(PERMANENT.sk) });
            expect(requests).to.have.length(0);
            expect(error.details).to.match(/Incomplete credentials: a secret key but no access key at any level/);
        });

        it("an access key from stack config never pairs with a secret key from the environment: which level supplied what", async () => {
            const { error, requests } = await createWith({ HW_SECRET_KEY: PERMANENT.sk }, { "huaweicloud:accessKey": PERMANENT.ak });
            expect(requests).to.have.length(0);
            expect(error.details).to.include("Incomplete credentials: stack config has an access key but no secret key");
            expect(error.details).to.include("the environment supplies a secret key (environment variable HW_SECRET_KEY)");
        });

        it("no credentials at all lists every place looked", async () => {
            const { error, requests } = await createWith({});
            expect(requests).to.have.length(0);
            for (const place of ["huaweicloud:accessKey", "HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "huaweicloud:token", "HW_AUTH_TOKEN"]) {
                expect(error.details).to.include(place);
            }
        });

        it("a plain-http remote endpoint from the environment is refused before sending credentials", async () => {
            const h = await startHarness({
                emulator: emulatorOptions,
                env: () => ({ HW_WORKSPACE_ENDPOINT: "http://workspace.example.com", HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: TOKEN }),
            });
            try {
                const error = await h.host.create(h.props({ jobId: FAILED_JOB })).then(
                    () => expect.fail("should fail"),
                    (e: HostCallError) => e,
                );
                expect(error.details).to.include("HW_WORKSPACE_ENDPOINT");
                expect(error.details).to.include("clear text");
            } finally {
                await h.stop();
            }
        });
    });

    describe("where settings come from", () => {
        it("stack config wins over the environment; the input wins over both", async () => {
            const other = "00000000000000000000000000000000";
            const h = await startHarness({
                emulator: {
                    ...emulatorOptions,
                    seed: [
                        { id: FAILED_JOB, projectId: PROJECT },
                        { id: "other-job", projectId: other },
                    ],
                },
                env: () => ({
                    HW_WORKSPACE_ENDPOINT: "https://unused.example.com",
                    HW_PROJECT_ID: "env-project",
                    HW_AUTH_TOKEN: "wrong-token",
                }),
                config: (emulator) => ({
                    "huaweicloud:workspaceEndpoint": emulator.url,
                    "huaweicloud:projectId": PROJECT,
                    "huaweicloud:token": secret(TOKEN),
                }),
            });
            try {
                await h.host.create(h.props({ jobId: FAILED_JOB }));
                await h.host.create(h.props({ jobId: "other-job", projectId: other }));
                expect(
                    h
                        .apiRequests()
                        .filter((request) => request.route === "retry")
                        .map((request) => request.url),
                ).to.deep.equal([`/v2/${PROJECT}/workspace-jobs/${FAILED_JOB}/actions`, `/v2/${other}/workspace-jobs/other-job/actions`]);
                expect(h.apiRequests().every((request) => request.auth === "token")).to.equal(true);
            } finally {
                await h.stop();
            }
        });
    });
});
