/// <reference types="mocha" />
import { expect } from "chai";
import { credentialValues, redact, redactError } from "../../provider/shared/redact";
import { ConfigLookup } from "../../provider/shared/settingSources";

function config(values: Record<string, string>): ConfigLookup {
    return { get: (key) => values[key] };
}

describe("provider/redact", () => {
    describe("credentialValues", () => {
        it("collects every credential from stack config and every environment name, used or not", () => {
            const values = credentialValues(
                config({
                    "huaweicloud:accessKey": "cfg-access-key",
                    "huaweicloud:secretKey": "cfg-secret-key",
                    "huaweicloud:securityToken": "cfg-security-token",
                    "huaweicloud:token": "cfg-iam-token",
                }),
                {
                    HW_ACCESS_KEY: "env-hw-ak",
                    HUAWEICLOUD_SDK_AK: "env-sdk-ak",
                    HW_SECRET_KEY: "env-hw-sk",
                    HUAWEICLOUD_SDK_SK: "env-sdk-sk",
                    HW_SECURITY_TOKEN: "env-hw-st",
                    HUAWEICLOUD_SDK_SECURITY_TOKEN: "env-sdk-st",
                    HW_AUTH_TOKEN: "env-auth-token",
                },
            );
            expect([...values].sort()).to.deep.equal(
                [
                    "cfg-access-key",
                    "cfg-secret-key",
                    "cfg-security-token",
                    "cfg-iam-token",
                    "env-hw-ak",
                    "env-sdk-ak",
                    "env-hw-sk",
                    "env-sdk-sk",
                    "env-hw-st",
                    "env-sdk-st",
                    "env-auth-token",
                ].sort(),
            );
        });

        it("leaves out settings that are not credentials", () => {
            const values = credentialValues(config({ "huaweicloud:projectId": "project-123", "huaweicloud:region": "cn-north-4" }), {
                HW_PROJECT_ID: "project-456",
                HW_REGION_NAME: "cn-east-3",
                HW_WORKSPACE_ENDPOINT: "https://example.com",
                HW_MAX_RETRIES: "5555",
            });
            expect(values).to.deep.equal([]);
        });

        it("skips values shorter than 4 characters, empty values and duplicates", () => {
            const values = credentialValues(config({ "huaweicloud:token": "same-value", "huaweicloud:accessKey": "abc" }), {
                HW_AUTH_TOKEN: "same-value",
                HW_SECRET_KEY: "",
                HW_SECURITY_TOKEN: "abcd",
            });
            expect([...values].sort()).to.deep.equal(["abcd", "same-value"]);
        });

        it("includes the password of a proxy URL, as written and decoded, and not its user or host", () => {
            const values = credentialValues(undefined, {
                HTTPS_PROXY: "http://ci-user:p%40ss-w0rd@proxy.corp:3128",
                http_proxy: "http://other:plain-secret@127.0.0.1:8080",
                NO_PROXY: "localhost",
                ALL_PROXY: "not a url",
            });
            expect([...values].sort()).to.deep.equal(["p%40ss-w0rd", "p@ss-w0rd", "plain-secret"]);
            const error = redactError(new Error("connect via http://ci-user:p@ss-w0rd@proxy.corp failed"), values);
            expect(error.message).to.equal("connect via http://ci-user:[REDACTED]@proxy.corp failed");
        });

        it("works without stack config", () => {
            expect(credentialValues(undefined, { HW_AUTH_TOKEN: "only-env-token" })).to.deep.equal(["only-env-token"]);
        });
    });

    describe("redact", () => {
        it("replaces every occurrence of every secret", () => {
            expect(redact("a=SECRET1 b=SECRET1 c=TOKEN22", ["SECRET1", "TOKEN22"])).to.equal("a=[REDACTED] b=[REDACTED] c=[REDACTED]");
        });

        it("scrubs a secret that contains another one whole (longest first)", () => {
            expect(redact("key=abcd-long-secret short=abcd", ["abcd", "abcd-long-secret"])).to.equal("key=[REDACTED] short=[REDACTED]");
        });

        it("treats secrets literally, not as patterns", () => {
            expect(redact("x a.b*c+(d) y aXbbc", ["a.b*c+(d)"])).to.equal("x [REDACTED] y aXbbc");
            expect(redact("p$&q", ["$&"])).to.equal("p[REDACTED]q");
        });

        it("leaves text without secrets unchanged and does not mutate the list", () => {
            const secrets = ["zz-secret", "a-secret"];
            expect(redact("nothing to see", secrets)).to.equal("nothing to see");
            expect(secrets).to.deep.equal(["zz-secret", "a-secret"]);
        });
    });

    describe("redactError", () => {
        it("scrubs message and stack and keeps the error's identity and extra fields", () => {
            const error = Object.assign(new Error("failed with token tok-12345 at tok-12345"), {
                id: "new-job",
                properties: { newJobId: "new-job" },
                reasons: ["r"],
            });
            const result = redactError(error, ["tok-12345"]);
            expect(result).to.equal(error);
            expect(result.message).to.equal("failed with token [REDACTED] at [REDACTED]");
            expect(result.stack).not.to.include("tok-12345");
            expect(result.stack).to.include("[REDACTED]");
            expect(result).to.include({ id: "new-job" });
            expect((result as Error & { properties: unknown }).properties).to.deep.equal({ newJobId: "new-job" });
            expect((result as Error & { reasons: unknown }).reasons).to.deep.equal(["r"]);
        });

        it("scrubs every text that leaves the provider: message, stack, reasons, properties and the cause chain", () => {
            const secret = "sk-LEAK-0042";
            const root = new Error(`socket said ${secret}`);
            const middle = new Error(`request failed (${secret})`, { cause: root });
            const error = Object.assign(new Error(`outer ${secret}`, { cause: middle }), {
                id: "new-job",
                properties: {
                    newJobId: "new-job",
                    failReason: `quota for ${secret}`,
                    nested: { list: [secret] },
                    __provider: "exports.handler = x;",
                },
                reasons: [`outer ${secret}`],
            });
            const result = redactError(error, [secret]) as typeof error;
            const texts = [
                result.message,
                result.stack,
                JSON.stringify(result.reasons),
                JSON.stringify(result.properties),
                (result.cause as Error).message,
                (result.cause as Error).stack,
                ((result.cause as Error).cause as Error).message,
                ((result.cause as Error).cause as Error).stack,
            ];
            for (const text of texts) {
                expect(text).to.be.a("string").and.not.include(secret);
            }
            expect(result.reasons).to.deep.equal(["outer [REDACTED]"]);
            expect(result.properties).to.deep.include({
                newJobId: "new-job",
                failReason: "quota for [REDACTED]",
                __provider: "exports.handler = x;",
            });
            expect(result.id).to.equal("new-job");
        });

        it("never cuts or alters a recorded value: triggers 12 levels deep come back whole, only a credential in them is scrubbed", () => {
            const secret = "sk-DEEP-0077";
            const deep = (level: number, leaf: unknown): unknown =>
                level === 0 ? leaf : { level, next: deep(level - 1, leaf), list: [level] };
            const triggers = deep(12, { attempt: 2, when: "2024-05-01", nothing: null, ok: true });
            const properties = { newJobId: "new-job", triggers, leak: deep(12, `x ${secret}`) };
            const error = Object.assign(new Error("wait failed"), { id: "new-job", properties });
            const result = redactError(error, [secret]) as typeof error;
            expect(result.properties.triggers, "deep triggers").to.deep.equal(triggers);
            expect(JSON.stringify(result.properties.leak)).to.not.include(secret);
            expect(JSON.stringify(result.properties.leak)).to.include("x [REDACTED]");
            expect(JSON.stringify(result.properties.leak).match(/"level"/g)).to.have.length(12);
        });

        it("ends on a cycle in properties or causes instead of recursing forever", () => {
            const loop: Record<string, unknown> = { name: "tok-cycle-1" };
            loop.self = loop;
            const first = new Error("a tok-cycle-1");
            const second = new Error("b", { cause: first });
            (first as Error & { cause: unknown }).cause = second;
            const error = Object.assign(new Error("c", { cause: second }), { properties: loop });
            const result = redactError(error, ["tok-cycle-1"]) as typeof error;
            expect((result.properties as Record<string, unknown>).name).to.equal("[REDACTED]");
            expect(first.message).to.equal("a [REDACTED]");
        });

        it("keeps the error's class and name", () => {
            class CustomError extends Error {
                override name = "CustomError";
            }
            const result = redactError(new CustomError("secret-xyz inside"), ["secret-xyz"]);
            expect(result).to.be.instanceOf(CustomError);
            expect(result.name).to.equal("CustomError");
            expect(result.message).to.equal("[REDACTED] inside");
        });

        it("turns a thrown string into an Error and scrubs it", () => {
            const result = redactError("plain string with pw-9876", ["pw-9876"]);
            expect(result).to.be.instanceOf(Error);
            expect(result.message).to.equal("plain string with [REDACTED]");
        });

        it("returns the error untouched when there are no secrets", () => {
            const error = new Error("message pw-9876");
            const stack = error.stack;
            expect(redactError(error, [])).to.equal(error);
            expect(error.message).to.equal("message pw-9876");
            expect(error.stack).to.equal(stack);
        });
    });
});
