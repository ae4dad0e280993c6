/// <reference types="mocha" />
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { expect } from "chai";
import { MAX_ID_LENGTH, UNKNOWN_VALUE } from "../../provider/shared/constants";
import { containsUnknown, idProblem, InputFailure, validateInputs } from "../../provider/shared/validation";

const UNKNOWN = unknownValue;
const JOB = "6783cecb-0e5c-4521-a3ea-825f551c1ba9";
const PROJECT = "29dfe82ada564ac2b927e1ff036d9a9b";

/** The single failure for `property`, asserting there is exactly one. */
function only(failures: InputFailure[], property: string): InputFailure {
    const matching = failures.filter((failure) => failure.property === property);
    expect(matching, JSON.stringify(failures)).to.have.length(1);
    return matching[0];
}

describe("provider/validation", () => {
    it("uses the preview-unknown sentinel of the installed Pulumi SDK (copied, not imported, to keep the SDK out of the provider)", () => {
        expect(UNKNOWN_VALUE).to.equal(unknownValue);
    });

    describe("idProblem", () => {
        const accepted = ["a", "A", "0", "-", "_", JOB, PROJECT, "job_ID-42", "x".repeat(MAX_ID_LENGTH)];
        for (const id of accepted) {
            it(`accepts ${JSON.stringify(id.length > 40 ? `${id.slice(0, 10)}... (${id.length} chars)` : id)}`, () => {
                expect(idProblem(id)).to.equal(undefined);
            });
        }

        const rejected: Array<[string, string]> = [
            ["a slash", "abc/def"],
            ["a leading slash", "/abc"],
            ["a question mark", "abc?x=1"],
            ["a hash", "abc#frag"],
            ["a percent sign", "abc%2F"],
            ["a percent-encoded dot-dot", "%2e%2e"],
            ["dot-dot", ".."],
            ["a single dot", "."],
            ["dots around a segment", "../etc"],
            ["a space", "abc def"],
            ["a leading space", " abc"],
            ["a tab", "abc\tdef"],
            ["a newline", "abc\n"],
            ["a backslash", "abc\\def"],
            ["a non-ASCII letter", "jöb"],
            ["an empty string", ""],
            ["129 characters", "x".repeat(MAX_ID_LENGTH + 1)],
        ];
        for (const [what, id] of rejected) {
            it(`rejects ${what}`, () => {
                const problem = idProblem(id);
                expect(problem).to.be.a("string");
                expect(problem).to.include('letters, digits, "-" and "_" only');
                expect(problem).to.include(`1 to ${MAX_ID_LENGTH} characters`);
                expect(problem).to.include(JSON.stringify(id));
            });
        }

        const nonStrings: Array<[unknown, string]> = [
            [42, "a number"],
            [true, "a boolean"],
            [{ id: "x" }, "a object"],
            [["x"], "an array"],
            [null, "null"],
        ];
        for (const [value, described] of nonStrings) {
            it(`rejects ${described} as not a string and says what it got`, () => {
                const problem = idProblem(value);
                expect(problem).to.match(/^must be a string of letters, digits/);
                expect(problem).to.include(`got ${described}`);
            });
        }
    });

    describe("containsUnknown", () => {
        it("finds the sentinel at the top level, in arrays and in nested objects", () => {
            expect(containsUnknown(UNKNOWN)).to.equal(true);
            expect(containsUnknown([1, UNKNOWN])).to.equal(true);
            expect(containsUnknown({ a: { b: [{ c: UNKNOWN }] } })).to.equal(true);
        });

        it("finds nothing in known values", () => {
            expect(containsUnknown("04da6b54")).to.equal(false);
            expect(containsUnknown({ a: [1, "two", null, { b: false }] })).to.equal(false);
            expect(containsUnknown(null)).to.equal(false);
            expect(containsUnknown(undefined)).to.equal(false);
        });
    });

    describe("validateInputs", () => {
        it("accepts a complete valid set of inputs", () => {
            expect(
                validateInputs({
                    jobId: JOB,
                    projectId: PROJECT,
                    triggers: { attempt: 2, list: [1, 2] },
                    region: "cn-north-4",
                    endpoint: "https://workspace.cn-north-4.myhuaweicloud.com",
                    waitForCompletion: true,
                    waitTimeoutSeconds: 1800,
                }),
            ).to.deep.equal([]);
        });

        it("accepts only jobId: everything else is optional", () => {
            expect(validateInputs({ jobId: JOB })).to.deep.equal([]);
        });

        for (const [what, value] of [
            ["absent", undefined],
            ["null", null],
            ["empty", ""],
        ] as const) {
            it(`requires jobId (${what}) and says what it must be`, () => {
                const failures = validateInputs(value === undefined ? {} : { jobId: value });
                const failure = only(failures, "jobId");
                expect(failure.reason).to.match(/^is required/);
                expect(failure.reason).to.include("failed Workspace job");
                expect(failure.reason).to.include('letters, digits, "-" and "_"');
                expect(failures).to.have.length(1);
            });
        }

        for (const property of ["jobId", "projectId"]) {
            for (const bad of ["a/b", "a?b", "a#b", "a%20b", "..", "a b", "x".repeat(MAX_ID_LENGTH + 1)]) {
                it(`rejects ${property} ${JSON.stringify(bad.length > 20 ? `${bad.length} chars` : bad)}, naming the property and what is allowed`, () => {
                    const failures = validateInputs({ jobId: JOB, [property]: bad });
                    const failure = only(failures, property);
                    expect(failure.reason).to.include('letters, digits, "-" and "_" only');
                    expect(failure.reason).to.include(`1 to ${MAX_ID_LENGTH} characters`);
                    expect(failures).to.have.length(1);
                });
            }

            it(`rejects a non-string ${property}`, () => {
                const failure = only(validateInputs({ jobId: JOB, [property]: 12345 }), property);
                expect(failure.reason).to.include("must be a string");
                expect(failure.reason).to.include("got a number");
            });

            it(`lets the unknown sentinel through for ${property} (preview)`, () => {
                expect(validateInputs({ jobId: JOB, [property]: UNKNOWN })).to.deep.equal([]);
            });
        }

        it("lets an unknown jobId through (preview), not as missing", () => {
            expect(validateInputs({ jobId: UNKNOWN })).to.deep.equal([]);
        });

        it("lets unknown values nested in triggers through", () => {
            expect(validateInputs({ jobId: JOB, triggers: { a: [1, UNKNOWN], b: { c: UNKNOWN } } })).to.deep.equal([]);
            expect(validateInputs({ jobId: JOB, triggers: UNKNOWN })).to.deep.equal([]);
        });

        it("accepts any JSON value as triggers", () => {
            for (const triggers of [1, "x", true, null, [], {}, [{ a: [null] }]]) {
                expect(validateInputs({ jobId: JOB, triggers }), JSON.stringify(triggers)).to.deep.equal([]);
            }
        });

        it("reports every invalid property at once", () => {
            const failures = validateInputs({
                jobId: "a/b",
                projectId: "p?q",
                region: "Nowhere",
                waitForCompletion: "yes",
                waitTimeoutSeconds: 0,
            });
            expect(failures.map((failure) => failure.property).sort()).to.deep.equal([
                "jobId",
                "projectId",
                "region",
                "waitForCompletion",
                "waitTimeoutSeconds",
            ]);
        });

        describe("region", () => {
            for (const region of ["cn-north-4", "eu-west-101", "ap-southeast-1", "la-south-2", "cn-southwest-2"]) {
                it(`accepts ${region}`, () => {
                    expect(validateInputs({ jobId: JOB, region })).to.deep.equal([]);
                });
            }
            for (const region of ["CN-NORTH-4", "cn", "cn_north_4", "cn-north-4/", "cn north 4", "https://cn-north-4", ""]) {
                it(`rejects ${JSON.stringify(region)} with an example of a valid one`, () => {
                    const failure = only(validateInputs({ jobId: JOB, region }), "region");
                    expect(failure.reason).to.include('"cn-north-4"');
                    expect(failure.reason).to.include(JSON.stringify(region));
                });
            }
            it("rejects a non-string region", () => {
                expect(only(validateInputs({ jobId: JOB, region: 4 }), "region").reason).to.equal("must be a string; got a number");
            });
            it("lets an unknown region through", () => {
                expect(validateInputs({ jobId: JOB, region: UNKNOWN })).to.deep.equal([]);
            });
        });

        describe("endpoint", () => {
            for (const endpoint of [
                "https://workspace.cn-north-4.myhuaweicloud.com",
                "https://proxy.example.com:8443/base/",
                "http://127.0.0.1:8080",
                "http://localhost:1234",
                "http://[::1]:9000",
            ]) {
                it(`accepts ${endpoint}`, () => {
                    expect(validateInputs({ jobId: JOB, endpoint })).to.deep.equal([]);
                });
            }
            it("rejects plain http to a remote host, mentioning clear text", () => {
                const failure = only(validateInputs({ jobId: JOB, endpoint: "http://workspace.cn-north-4.myhuaweicloud.com" }), "endpoint");
                expect(failure.reason).to.include("clear text");
                expect(failure.reason).to.include("https://");
            });
            it("rejects something that is not a URL", () => {
                expect(only(validateInputs({ jobId: JOB, endpoint: "workspace.example.com" }), "endpoint").reason).to.include(
                    "absolute URL",
                );
            });
            it("rejects a non-string endpoint", () => {
                expect(only(validateInputs({ jobId: JOB, endpoint: { url: "x" } }), "endpoint").reason).to.equal(
                    "must be a string; got a object",
                );
            });
            it("lets an unknown endpoint through", () => {
                expect(validateInputs({ jobId: JOB, endpoint: UNKNOWN })).to.deep.equal([]);
            });
        });

        describe("waitForCompletion", () => {
            it("accepts true and false", () => {
                expect(validateInputs({ jobId: JOB, waitForCompletion: true })).to.deep.equal([]);
                expect(validateInputs({ jobId: JOB, waitForCompletion: false })).to.deep.equal([]);
            });
            for (const value of ["true", 1, 0, [true]]) {
                it(`rejects ${JSON.stringify(value)}`, () => {
                    const failure = only(validateInputs({ jobId: JOB, waitForCompletion: value }), "waitForCompletion");
                    expect(failure.reason).to.match(/^must be true or false; got /);
                });
            }
            it("lets an unknown value through", () => {
                expect(validateInputs({ jobId: JOB, waitForCompletion: UNKNOWN })).to.deep.equal([]);
            });
        });

        describe("waitTimeoutSeconds", () => {
            for (const value of [1, 60, 1800, 86_400]) {
                it(`accepts ${value}`, () => {
                    expect(validateInputs({ jobId: JOB, waitTimeoutSeconds: value })).to.deep.equal([]);
                });
            }
            for (const value of [0, -5, 86_401, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "60"]) {
                it(`rejects ${String(typeof value === "string" ? JSON.stringify(value) : value)} and states the bounds`, () => {
                    const failure = only(validateInputs({ jobId: JOB, waitTimeoutSeconds: value }), "waitTimeoutSeconds");
                    expect(failure.reason).to.include("whole number of seconds from 1 to 86400");
                });
            }
            it("lets an unknown value through", () => {
                expect(validateInputs({ jobId: JOB, waitTimeoutSeconds: UNKNOWN })).to.deep.equal([]);
            });
        });
    });
});
