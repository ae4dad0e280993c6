/// <reference types="mocha" />
import { expect } from "chai";
import { resolveSettings, Settings } from "../../provider/shared/settings";
import { ConfigLookup, SettingsResolver } from "../../provider/shared/settingSources";
import { SettingsError } from "../../provider/shared/settingsError";

const PROJECT = "29dfe82ada564ac2b927e1ff036d9a9b";

/** Distinctive credential values: none may ever appear in a SettingsError message. */
const SECRETS = {
    configAk: "CFGAK-7f3e9c1d-ACCESS",
    configSk: "cfg-sk-Qw9!zX2#secret-4471",
    configSt: "cfg-st-securitytoken-8812",
    configToken: "cfg-token-MIIB-aa11bb22",
    envAk: "ENVAK-1a2b3c4d-ACCESS",
    envSk: "env-sk-Lp0)mN8^secret-9930",
    envSdkAk: "SDKAK-55aa66bb-ACCESS",
    envSdkSk: "sdk-sk-Zz1@yY2$secret-0042",
    envSt: "env-st-securitytoken-3321",
    envSdkSt: "sdk-st-securitytoken-7765",
    envToken: "env-token-MIIB-cc33dd44",
} as const;

function config(values: Record<string, string>): ConfigLookup {
    return { get: (key) => values[key] };
}

/** Resolves, expecting a SettingsError; returns its message. */
function failure(inputs: Record<string, unknown>, cfg: Record<string, string> | undefined, env: NodeJS.ProcessEnv): string {
    try {
        resolveSettings(inputs, cfg === undefined ? undefined : config(cfg), env);
    } catch (error) {
        expect(error).to.be.instanceOf(SettingsError);
        expect((error as Error).name).to.equal("SettingsError");
        const message = (error as Error).message;
        for (const secret of Object.values(SECRETS)) {
            expect(message, `message leaks ${secret}`).not.to.include(secret);
        }
        return message;
    }
    throw new Error("expected a SettingsError");
}

/** Asserts that an error message names each place a setting is looked for. */
function expectPlaces(message: string, places: readonly string[]): void {
    for (const place of places) expect(message).to.include(place);
}

const TOKEN_ENV = { HW_AUTH_TOKEN: SECRETS.envToken };
/** Temporary keys in the environment under both names, HW_* and the SDK's HUAWEICLOUD_SDK_*. */
const ENV_KEYS_BOTH_NAMES = {
    HW_ACCESS_KEY: SECRETS.envAk,
    HUAWEICLOUD_SDK_AK: SECRETS.envSdkAk,
    HW_SECRET_KEY: SECRETS.envSk,
    HUAWEICLOUD_SDK_SK: SECRETS.envSdkSk,
    HW_SECURITY_TOKEN: SECRETS.envSt,
    HUAWEICLOUD_SDK_SECURITY_TOKEN: SECRETS.envSdkSt,
};
const BASE_INPUTS = { projectId: PROJECT, region: "cn-north-4" };

function resolved(inputs: Record<string, unknown>, cfg: Record<string, string> | undefined, env: NodeJS.ProcessEnv): Settings {
    return resolveSettings(inputs, cfg === undefined ? undefined : config(cfg), env);
}

describe("provider/settings", () => {
    describe("the names users already have", () => {
        /** Where a setting is set, alone, and what the resolved settings then hold. */
        const NAMES: Array<[string, Record<string, string>, Record<string, string>, Partial<Settings>]> = [
            ["HW_PROJECT_ID", {}, { HW_PROJECT_ID: "p-hw" }, { projectId: "p-hw" }],
            ["HUAWEICLOUD_SDK_PROJECT_ID", {}, { HW_PROJECT_ID: "", HUAWEICLOUD_SDK_PROJECT_ID: "p-sdk" }, { projectId: "p-sdk" }],
            ["huaweicloud:projectId", { "huaweicloud:projectId": "p-cfg" }, {}, { projectId: "p-cfg" }],
            ["HW_REGION_NAME", {}, { HW_REGION_NAME: "cn-east-3" }, { endpoint: "https://workspace.cn-east-3.myhuaweicloud.com" }],
            [
                "huaweicloud:region",
                { "huaweicloud:region": "cn-south-1" },
                {},
                { endpoint: "https://workspace.cn-south-1.myhuaweicloud.com" },
            ],
            ["HW_WORKSPACE_ENDPOINT", {}, { HW_WORKSPACE_ENDPOINT: "https://env.example.com" }, { endpoint: "https://env.example.com" }],
            [
                "huaweicloud:workspaceEndpoint",
                { "huaweicloud:workspaceEndpoint": "https://cfg.example.com" },
                {},
                { endpoint: "https://cfg.example.com" },
            ],
            [
                "HW_CLOUD",
                {},
                { HW_REGION_NAME: "cn-east-3", HW_CLOUD: "env.example" },
                { endpoint: "https://workspace.cn-east-3.env.example" },
            ],
            [
                "huaweicloud:cloud",
                { "huaweicloud:cloud": "cfg.example" },
                { HW_REGION_NAME: "cn-east-3" },
                { endpoint: "https://workspace.cn-east-3.cfg.example" },
            ],
            ["HW_MAX_RETRIES", {}, { HW_MAX_RETRIES: "7" }, { maxRetries: 7 }],
            ["huaweicloud:maxRetries", { "huaweicloud:maxRetries": "8" }, {}, { maxRetries: 8 }],
            ["HW_REQUEST_TIMEOUT_SECONDS", {}, { HW_REQUEST_TIMEOUT_SECONDS: "9" }, { requestTimeoutMs: 9_000 }],
            ["huaweicloud:requestTimeoutSeconds", { "huaweicloud:requestTimeoutSeconds": "11" }, {}, { requestTimeoutMs: 11_000 }],
            ["HW_AUTH_TOKEN", {}, { HW_AUTH_TOKEN: SECRETS.envToken }, { credentials: { kind: "token", token: SECRETS.envToken } }],
            [
                "huaweicloud:token",
                { "huaweicloud:token": SECRETS.configToken },
                {},
                { credentials: { kind: "token", token: SECRETS.configToken } },
            ],
            [
                "HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN",
                {},
                { HW_ACCESS_KEY: SECRETS.envAk, HW_SECRET_KEY: SECRETS.envSk, HW_SECURITY_TOKEN: SECRETS.envSt },
                { credentials: { kind: "aksk", accessKey: SECRETS.envAk, secretKey: SECRETS.envSk, securityToken: SECRETS.envSt } },
            ],
            [
                "HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN",
                {},
                {
                    HUAWEICLOUD_SDK_AK: SECRETS.envSdkAk,
                    HUAWEICLOUD_SDK_SK: SECRETS.envSdkSk,
                    HUAWEICLOUD_SDK_SECURITY_TOKEN: SECRETS.envSdkSt,
                },
                {
                    credentials: {
                        kind: "aksk",
                        accessKey: SECRETS.envSdkAk,
                        secretKey: SECRETS.envSdkSk,
                        securityToken: SECRETS.envSdkSt,
                    },
                },
            ],
            [
                "huaweicloud:accessKey, huaweicloud:secretKey, huaweicloud:securityToken",
                {
                    "huaweicloud:accessKey": SECRETS.configAk,
                    "huaweicloud:secretKey": SECRETS.configSk,
                    "huaweicloud:securityToken": SECRETS.configSt,
                },
                {},
                {
                    credentials: {
                        kind: "aksk",
                        accessKey: SECRETS.configAk,
                        secretKey: SECRETS.configSk,
                        securityToken: SECRETS.configSt,
                    },
                },
            ],
        ];
        /** What every case needs besides the name it checks: a project, a region and a token. */
        const NEEDED = { HW_PROJECT_ID: PROJECT, HW_REGION_NAME: "cn-north-4", HW_AUTH_TOKEN: SECRETS.envToken };

        for (const [name, cfg, env, expected] of NAMES) {
            it(`reads ${name}`, () => {
                expect(resolved({}, cfg, { ...NEEDED, ...env })).to.deep.include(expected);
            });
        }

        it("never takes a credential from a resource input", () => {
            const inputs = {
                ...BASE_INPUTS,
                accessKey: SECRETS.configAk,
                secretKey: SECRETS.configSk,
                securityToken: SECRETS.configSt,
                token: SECRETS.configToken,
            };
            expect(failure(inputs, undefined, {})).to.match(/^No credentials/);
        });
    });

    describe("precedence: input > stack config > environment", () => {
        it("takes the project id from the input over config and environment", () => {
            const settings = resolved(
                { ...BASE_INPUTS, projectId: "from-input" },
                { "huaweicloud:projectId": "from-config" },
                { ...TOKEN_ENV, HW_PROJECT_ID: "from-env" },
            );
            expect(settings.projectId).to.equal("from-input");
        });

        it("takes the project id from config over the environment", () => {
            const settings = resolved(
                { region: "cn-north-4" },
                { "huaweicloud:projectId": "from-config" },
                { ...TOKEN_ENV, HW_PROJECT_ID: "from-env" },
            );
            expect(settings.projectId).to.equal("from-config");
        });

        it("reads the project id from HW_PROJECT_ID first, then HUAWEICLOUD_SDK_PROJECT_ID", () => {
            expect(
                resolved({ region: "cn-north-4" }, undefined, { ...TOKEN_ENV, HW_PROJECT_ID: "hw", HUAWEICLOUD_SDK_PROJECT_ID: "sdk" })
                    .projectId,
            ).to.equal("hw");
            expect(resolved({ region: "cn-north-4" }, undefined, { ...TOKEN_ENV, HUAWEICLOUD_SDK_PROJECT_ID: "sdk" }).projectId).to.equal(
                "sdk",
            );
        });

        it("ignores empty strings at every level", () => {
            const settings = resolved(
                { projectId: "", region: "" },
                { "huaweicloud:projectId": "", "huaweicloud:region": "", "huaweicloud:token": "" },
                {
                    HW_PROJECT_ID: "",
                    HUAWEICLOUD_SDK_PROJECT_ID: "env-project",
                    HW_REGION_NAME: "cn-east-3",
                    HW_AUTH_TOKEN: SECRETS.envToken,
                },
            );
            expect(settings.projectId).to.equal("env-project");
            expect(settings.endpoint).to.equal("https://workspace.cn-east-3.myhuaweicloud.com");
            expect(settings.credentials).to.deep.equal({ kind: "token", token: SECRETS.envToken });
        });

        it("ignores non-string inputs and falls through to config", () => {
            expect(resolved({ projectId: 42, region: "cn-north-4" }, { "huaweicloud:projectId": "cfg" }, TOKEN_ENV).projectId).to.equal(
                "cfg",
            );
        });

        it("takes the region from the input, then config, then HW_REGION_NAME", () => {
            const env = { ...TOKEN_ENV, HW_PROJECT_ID: PROJECT, HW_REGION_NAME: "cn-east-3" };
            expect(resolved({ region: "cn-north-4" }, { "huaweicloud:region": "cn-south-1" }, env).endpoint).to.equal(
                "https://workspace.cn-north-4.myhuaweicloud.com",
            );
            expect(resolved({}, { "huaweicloud:region": "cn-south-1" }, env).endpoint).to.equal(
                "https://workspace.cn-south-1.myhuaweicloud.com",
            );
            expect(resolved({}, undefined, env).endpoint).to.equal("https://workspace.cn-east-3.myhuaweicloud.com");
        });

        it("takes an explicit endpoint over the region's, from input, config or HW_WORKSPACE_ENDPOINT, trailing slashes removed", () => {
            const env = {
                ...TOKEN_ENV,
                HW_PROJECT_ID: PROJECT,
                HW_REGION_NAME: "cn-east-3",
                HW_WORKSPACE_ENDPOINT: "https://env.example.com/",
            };
            expect(
                resolved({ endpoint: "http://127.0.0.1:9999/" }, { "huaweicloud:workspaceEndpoint": "https://cfg.example.com" }, env)
                    .endpoint,
            ).to.equal("http://127.0.0.1:9999");
            expect(resolved({}, { "huaweicloud:workspaceEndpoint": "https://cfg.example.com" }, env).endpoint).to.equal(
                "https://cfg.example.com",
            );
            expect(resolved({}, undefined, env).endpoint).to.equal("https://env.example.com");
        });

        it("uses the configured cloud domain, from config or HW_CLOUD", () => {
            expect(
                resolved(BASE_INPUTS, { "huaweicloud:cloud": "cfg-cloud.example" }, { ...TOKEN_ENV, HW_CLOUD: "env-cloud.example" })
                    .endpoint,
            ).to.equal("https://workspace.cn-north-4.cfg-cloud.example");
            expect(
                resolved({ projectId: PROJECT, region: "eu-west-101" }, undefined, { ...TOKEN_ENV, HW_CLOUD: "env-cloud.example" })
                    .endpoint,
            ).to.equal("https://workspace.eu-west-101.env-cloud.example");
        });

        it("derives myhuaweicloud.eu for eu-west-101 when no cloud is set", () => {
            expect(resolved({ projectId: PROJECT, region: "eu-west-101" }, undefined, TOKEN_ENV).endpoint).to.equal(
                "https://workspace.eu-west-101.myhuaweicloud.eu",
            );
        });
    });

    describe("SettingsResolver", () => {
        it("says where a value came from", () => {
            const resolver = new SettingsResolver({ region: "cn-north-4" }, config({ "huaweicloud:projectId": "p" }), {
                HUAWEICLOUD_SDK_AK: "ak",
            });
            expect(resolver.find("region")).to.deep.equal({ value: "cn-north-4", from: 'the "region" input' });
            expect(resolver.find("projectId")).to.deep.equal({ value: "p", from: 'stack config "huaweicloud:projectId"' });
            expect(resolver.find("accessKey")).to.deep.equal({ value: "ak", from: "environment variable HUAWEICLOUD_SDK_AK" });
            expect(resolver.find("token")).to.equal(undefined);
        });

        it("never reads a credential from the inputs", () => {
            const resolver = new SettingsResolver({ accessKey: "in-ak", secretKey: "in-sk", token: "in-token" }, undefined, {});
            expect(resolver.find("accessKey")).to.equal(undefined);
            expect(resolver.find("secretKey")).to.equal(undefined);
            expect(resolver.find("token")).to.equal(undefined);
        });

        it("lists every place a setting is looked for, in order", () => {
            expect(SettingsResolver.places("projectId")).to.equal(
                'the "projectId" input, stack config "huaweicloud:projectId", environment variable HW_PROJECT_ID, environment variable HUAWEICLOUD_SDK_PROJECT_ID',
            );
            expect(SettingsResolver.places("secretKey")).to.equal(
                'stack config "huaweicloud:secretKey", environment variable HW_SECRET_KEY, environment variable HUAWEICLOUD_SDK_SK',
            );
        });
    });

    describe("missing settings", () => {
        it("a missing project id lists every place looked", () => {
            const message = failure(
                { region: "cn-north-4" },
                { "huaweicloud:token": SECRETS.configToken },
                { HW_ACCESS_KEY: SECRETS.envAk, HW_SECRET_KEY: SECRETS.envSk },
            );
            expect(message).to.match(/^No project id/);
            expectPlaces(message, [
                'the "projectId" input',
                'stack config "huaweicloud:projectId"',
                "HW_PROJECT_ID",
                "HUAWEICLOUD_SDK_PROJECT_ID",
            ]);
        });

        it("a missing endpoint lists every place for a region and for an endpoint", () => {
            const message = failure(
                { projectId: PROJECT },
                { "huaweicloud:secretKey": SECRETS.configSk, "huaweicloud:accessKey": SECRETS.configAk },
                TOKEN_ENV,
            );
            expect(message).to.match(/^No Workspace endpoint/);
            expectPlaces(message, [
                'the "region" input',
                'stack config "huaweicloud:region"',
                "HW_REGION_NAME",
                'the "endpoint" input',
                'stack config "huaweicloud:workspaceEndpoint"',
                "HW_WORKSPACE_ENDPOINT",
            ]);
        });

        it("missing credentials list every place for a key pair and for a token", () => {
            const message = failure(BASE_INPUTS, {}, { HW_SECURITY_TOKEN: SECRETS.envSt });
            expect(message).to.match(/^No credentials/);
            expectPlaces(message, [
                'stack config "huaweicloud:accessKey"',
                "HW_ACCESS_KEY",
                "HUAWEICLOUD_SDK_AK",
                'stack config "huaweicloud:secretKey"',
                "HW_SECRET_KEY",
                "HUAWEICLOUD_SDK_SK",
                'stack config "huaweicloud:token"',
                "HW_AUTH_TOKEN",
            ]);
        });

        it("works without any stack config (configure not called)", () => {
            expect(failure(BASE_INPUTS, undefined, {})).to.match(/^No credentials/);
        });
    });

    describe("credentials: one whole set from one level", () => {
        const CONFIG_PAIR = { "huaweicloud:accessKey": SECRETS.configAk, "huaweicloud:secretKey": SECRETS.configSk };
        const ENV_PAIR = { HW_ACCESS_KEY: SECRETS.envAk, HW_SECRET_KEY: SECRETS.envSk };

        it("config AK without its SK, env with an SK: an error naming what each level supplied, never pairing them", () => {
            const message = failure(BASE_INPUTS, { "huaweicloud:accessKey": SECRETS.configAk }, { HW_SECRET_KEY: SECRETS.envSk });
            expect(message).to.match(
                /^Incomplete credentials: stack config has an access key but no secret key \(stack config "huaweicloud:secretKey"\)/,
            );
            expect(message).to.include('stack config supplies an access key (stack config "huaweicloud:accessKey")');
            expect(message).to.include("the environment supplies a secret key (environment variable HW_SECRET_KEY)");
            expect(message).to.include("never mixed across levels");
        });

        it("config SK, env AK: an error (the environment's access key has no secret key at its level)", () => {
            const message = failure(BASE_INPUTS, { "huaweicloud:secretKey": SECRETS.configSk }, { HW_ACCESS_KEY: SECRETS.envAk });
            expect(message).to.match(
                /^Incomplete credentials: the environment has an access key but no secret key \(environment variable HW_SECRET_KEY or HUAWEICLOUD_SDK_SK\)/,
            );
            expect(message).to.include('stack config supplies a secret key (stack config "huaweicloud:secretKey")');
        });

        it("config AK and a token there, no SK: incomplete (the access key says a pair was meant)", () => {
            const message = failure(
                BASE_INPUTS,
                { "huaweicloud:accessKey": SECRETS.configAk, "huaweicloud:token": SECRETS.configToken },
                {},
            );
            expect(message).to.match(/^Incomplete credentials: stack config has an access key but no secret key/);
        });

        it("a secret key without an access key at the chosen level is an error", () => {
            const message = failure(BASE_INPUTS, undefined, { HUAWEICLOUD_SDK_SK: SECRETS.envSdkSk, HW_AUTH_TOKEN: SECRETS.envToken });
            expect(message).to.match(
                /^Incomplete credentials: the environment has a secret key but no access key \(environment variable HW_ACCESS_KEY or HUAWEICLOUD_SDK_AK\)/,
            );
        });

        it("a secret key alone anywhere is an incomplete set, not 'no credentials'", () => {
            expect(failure(BASE_INPUTS, { "huaweicloud:secretKey": SECRETS.configSk }, {})).to.match(
                /^Incomplete credentials: a secret key but no access key at any level/,
            );
        });

        it("config keys never get the environment's security token (a stale HW_SECURITY_TOKEN made every call 401)", () => {
            const settings = resolved(BASE_INPUTS, CONFIG_PAIR, {
                HW_SECURITY_TOKEN: SECRETS.envSt,
                HUAWEICLOUD_SDK_SECURITY_TOKEN: SECRETS.envSdkSt,
            });
            expect(settings.credentials).to.deep.equal({
                kind: "aksk",
                accessKey: SECRETS.configAk,
                secretKey: SECRETS.configSk,
                securityToken: undefined,
            });
        });

        it("a security token goes with the keys of its own level", () => {
            expect(
                resolved(
                    BASE_INPUTS,
                    { ...CONFIG_PAIR, "huaweicloud:securityToken": SECRETS.configSt },
                    { HW_SECURITY_TOKEN: SECRETS.envSt },
                ).credentials,
            ).to.deep.equal({ kind: "aksk", accessKey: SECRETS.configAk, secretKey: SECRETS.configSk, securityToken: SECRETS.configSt });
            expect(resolved(BASE_INPUTS, undefined, { ...ENV_PAIR, HW_SECURITY_TOKEN: SECRETS.envSt }).credentials).to.deep.equal({
                kind: "aksk",
                accessKey: SECRETS.envAk,
                secretKey: SECRETS.envSk,
                securityToken: SECRETS.envSt,
            });
        });

        it("a config security token is not attached to environment keys", () => {
            expect(resolved(BASE_INPUTS, { "huaweicloud:securityToken": SECRETS.configSt }, ENV_PAIR).credentials).to.deep.equal({
                kind: "aksk",
                accessKey: SECRETS.envAk,
                secretKey: SECRETS.envSk,
                securityToken: undefined,
            });
        });

        it("the most specific level decides: a config token beats an environment key pair", () => {
            expect(resolved(BASE_INPUTS, { "huaweicloud:token": SECRETS.configToken }, ENV_PAIR).credentials).to.deep.equal({
                kind: "token",
                token: SECRETS.configToken,
            });
        });

        it("a config key pair beats an environment token and keys", () => {
            expect(resolved(BASE_INPUTS, CONFIG_PAIR, { ...ENV_PAIR, ...TOKEN_ENV }).credentials).to.deep.equal({
                kind: "aksk",
                accessKey: SECRETS.configAk,
                secretKey: SECRETS.configSk,
                securityToken: undefined,
            });
        });

        it("within one level a complete key pair wins over a token", () => {
            expect(resolved(BASE_INPUTS, undefined, { ...ENV_PAIR, ...TOKEN_ENV }).credentials).to.deep.include({
                kind: "aksk",
                accessKey: SECRETS.envAk,
            });
            expect(resolved(BASE_INPUTS, { ...CONFIG_PAIR, "huaweicloud:token": SECRETS.configToken }, {}).credentials).to.deep.include({
                kind: "aksk",
            });
        });

        it("within the environment, HW_* over HUAWEICLOUD_SDK_*, and the SDK names when HW_* are absent", () => {
            const env = ENV_KEYS_BOTH_NAMES;
            expect(resolved(BASE_INPUTS, undefined, env).credentials).to.deep.equal({
                kind: "aksk",
                accessKey: SECRETS.envAk,
                secretKey: SECRETS.envSk,
                securityToken: SECRETS.envSt,
            });
            expect(
                resolved(BASE_INPUTS, undefined, { HUAWEICLOUD_SDK_AK: SECRETS.envSdkAk, HUAWEICLOUD_SDK_SK: SECRETS.envSdkSk })
                    .credentials,
            ).to.deep.equal({ kind: "aksk", accessKey: SECRETS.envSdkAk, secretKey: SECRETS.envSdkSk, securityToken: undefined });
        });

        it("uses a token when its level has no key pair, config over environment", () => {
            expect(resolved(BASE_INPUTS, { "huaweicloud:token": SECRETS.configToken }, TOKEN_ENV).credentials).to.deep.equal({
                kind: "token",
                token: SECRETS.configToken,
            });
            expect(resolved(BASE_INPUTS, undefined, TOKEN_ENV).credentials).to.deep.equal({ kind: "token", token: SECRETS.envToken });
        });

        it("ignores a security token alone: it is not a credential by itself", () => {
            expect(resolved(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_SECURITY_TOKEN: SECRETS.envSt }).credentials).to.deep.equal({
                kind: "token",
                token: SECRETS.envToken,
            });
            expect(failure(BASE_INPUTS, { "huaweicloud:securityToken": SECRETS.configSt }, {})).to.match(/^No credentials/);
        });
    });

    describe("maxRetries and requestTimeoutSeconds", () => {
        it("default to 5 retries and 30 000 ms", () => {
            const settings = resolved(BASE_INPUTS, undefined, TOKEN_ENV);
            expect(settings.maxRetries).to.equal(5);
            expect(settings.requestTimeoutMs).to.equal(30_000);
        });

        it("are read from config over the environment", () => {
            const settings = resolved(
                BASE_INPUTS,
                { "huaweicloud:maxRetries": "2", "huaweicloud:requestTimeoutSeconds": "7" },
                { ...TOKEN_ENV, HW_MAX_RETRIES: "9", HW_REQUEST_TIMEOUT_SECONDS: "11" },
            );
            expect(settings.maxRetries).to.equal(2);
            expect(settings.requestTimeoutMs).to.equal(7_000);
        });

        it("are read from the environment", () => {
            const settings = resolved(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_MAX_RETRIES: "9", HW_REQUEST_TIMEOUT_SECONDS: "11" });
            expect(settings.maxRetries).to.equal(9);
            expect(settings.requestTimeoutMs).to.equal(11_000);
        });

        it("accept their bounds: 0 and 20 retries, 1 and 600 seconds", () => {
            expect(resolved(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_MAX_RETRIES: "0" }).maxRetries).to.equal(0);
            expect(resolved(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_MAX_RETRIES: "20" }).maxRetries).to.equal(20);
            expect(resolved(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_REQUEST_TIMEOUT_SECONDS: "1" }).requestTimeoutMs).to.equal(1_000);
            expect(resolved(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_REQUEST_TIMEOUT_SECONDS: "600" }).requestTimeoutMs).to.equal(
                600_000,
            );
        });

        for (const value of ["21", "-1", "2.5", "five", " 3", "1e1"]) {
            it(`reject maxRetries ${JSON.stringify(value)}, naming the source and the bounds`, () => {
                const message = failure(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_MAX_RETRIES: value });
                expect(message).to.include("environment variable HW_MAX_RETRIES");
                expect(message).to.include("whole number from 0 to 20");
                expect(message).to.include(JSON.stringify(value));
            });
        }

        for (const value of ["0", "601", "1.5", "30s"]) {
            it(`reject requestTimeoutSeconds ${JSON.stringify(value)}, naming the source and the bounds`, () => {
                const message = failure(BASE_INPUTS, { "huaweicloud:requestTimeoutSeconds": value }, TOKEN_ENV);
                expect(message).to.include('stack config "huaweicloud:requestTimeoutSeconds"');
                expect(message).to.include("whole number from 1 to 600");
            });
        }
    });

    describe("invalid values name their source", () => {
        it("an invalid project id input", () => {
            const message = failure({ projectId: "a/b", region: "cn-north-4" }, undefined, TOKEN_ENV);
            expect(message).to.include('Invalid setting from the "projectId" input');
            expect(message).to.include('letters, digits, "-" and "_"');
        });

        it("an invalid project id from HUAWEICLOUD_SDK_PROJECT_ID", () => {
            const message = failure({ region: "cn-north-4" }, undefined, { ...TOKEN_ENV, HUAWEICLOUD_SDK_PROJECT_ID: "../x" });
            expect(message).to.include("environment variable HUAWEICLOUD_SDK_PROJECT_ID");
        });

        it("an invalid region from config", () => {
            const message = failure({ projectId: PROJECT }, { "huaweicloud:region": "CN North" }, TOKEN_ENV);
            expect(message).to.include('Invalid setting from stack config "huaweicloud:region"');
            expect(message).to.include('"CN North"');
        });

        it("an invalid cloud from HW_CLOUD", () => {
            const message = failure(BASE_INPUTS, undefined, { ...TOKEN_ENV, HW_CLOUD: "not a domain" });
            expect(message).to.include("environment variable HW_CLOUD");
            expect(message).to.include("domain name");
        });

        it("a plain-http remote endpoint from HW_WORKSPACE_ENDPOINT", () => {
            const message = failure({ projectId: PROJECT }, undefined, {
                ...TOKEN_ENV,
                HW_WORKSPACE_ENDPOINT: "http://workspace.example.com",
            });
            expect(message).to.include("environment variable HW_WORKSPACE_ENDPOINT");
            expect(message).to.include("clear text");
        });

        it("an endpoint with a password, without echoing the password", () => {
            const message = failure(
                { projectId: PROJECT, endpoint: "https://user:Endpoint-Pw-123@workspace.example.com" },
                undefined,
                TOKEN_ENV,
            );
            expect(message).to.include('the "endpoint" input');
            expect(message).not.to.include("Endpoint-Pw-123");
        });
    });

    describe("no credential in any SettingsError", () => {
        const allSecretsConfig = {
            "huaweicloud:accessKey": SECRETS.configAk,
            "huaweicloud:secretKey": SECRETS.configSk,
            "huaweicloud:securityToken": SECRETS.configSt,
            "huaweicloud:token": SECRETS.configToken,
        };
        const allSecretsEnv = { ...ENV_KEYS_BOTH_NAMES, ...TOKEN_ENV };
        const cases: Array<[string, Record<string, unknown>, Record<string, string> | undefined, NodeJS.ProcessEnv]> = [
            ["missing project id", { region: "cn-north-4" }, allSecretsConfig, allSecretsEnv],
            ["missing endpoint", { projectId: PROJECT }, allSecretsConfig, allSecretsEnv],
            ["invalid region", { projectId: PROJECT, region: "??" }, allSecretsConfig, allSecretsEnv],
            ["invalid maxRetries", BASE_INPUTS, { ...allSecretsConfig, "huaweicloud:maxRetries": "many" }, allSecretsEnv],
            [
                "access key only (config)",
                BASE_INPUTS,
                { "huaweicloud:accessKey": SECRETS.configAk, "huaweicloud:token": SECRETS.configToken },
                { HW_SECURITY_TOKEN: SECRETS.envSt },
            ],
            ["secret key only (env)", BASE_INPUTS, undefined, { HW_SECRET_KEY: SECRETS.envSk, HW_AUTH_TOKEN: SECRETS.envToken }],
            [
                "security token only",
                BASE_INPUTS,
                { "huaweicloud:securityToken": SECRETS.configSt },
                { HUAWEICLOUD_SDK_SECURITY_TOKEN: SECRETS.envSdkSt },
            ],
        ];
        for (const [what, inputs, cfg, env] of cases) {
            it(`${what}: the message holds no credential value`, () => {
                // `failure` asserts that no value of SECRETS appears in the message.
                expect(failure(inputs, cfg, env))
                    .to.be.a("string")
                    .and.not.equal("");
            });
        }
    });
});
