/// <reference types="mocha" />
import { expect } from "chai";
import { classify, FailureClass, NOT_PROCESSED, OUTCOME_UNKNOWN, RETRYABLE_WHEN_IDEMPOTENT } from "../../../provider/client/retry/classify";

describe("client/retry/classify", () => {
    describe("HTTP statuses", () => {
        const cases: Array<[number, FailureClass]> = [
            [429, "throttling"],
            [502, "unavailable"],
            [503, "unavailable"],
            [504, "unavailable"],
            [500, "server"],
            [501, "server"],
            [505, "server"],
            [599, "server"],
            [400, "client"],
            [401, "client"],
            [403, "client"],
            [404, "client"],
            [409, "client"],
            [499, "client"],
            [200, "unknown"],
            [302, "unknown"],
            [100, "unknown"],
        ];
        for (const [status, expected] of cases) {
            it(`${status} is ${expected}`, () => {
                expect(classify({ status })).to.equal(expected);
            });
        }
    });

    describe("transport failures", () => {
        const cases: Array<[string, FailureClass]> = [
            ["ECONNREFUSED", "unreachable"],
            ["ENOTFOUND", "unreachable"],
            ["EAI_AGAIN", "unreachable"],
            ["EHOSTUNREACH", "unreachable"],
            ["ENETUNREACH", "unreachable"],
            ["EADDRNOTAVAIL", "unreachable"],
            ["ECONNRESET", "connection-lost"],
            ["EPIPE", "connection-lost"],
            ["ECONNABORTED", "connection-lost"],
            ["ERR_STREAM_PREMATURE_CLOSE", "connection-lost"],
            ["ERR_BAD_RESPONSE", "connection-lost"],
            ["HPE_INVALID_CONSTANT", "connection-lost"],
            ["HPE_UNEXPECTED_CONTENT_LENGTH", "connection-lost"],
            ["EPROTO", "unknown"],
            ["ERR_SOMETHING_NEW", "unknown"],
            ["", "unknown"],
        ];
        for (const [errno, expected] of cases) {
            it(`${errno || "(no code)"} is ${expected}`, () => {
                expect(classify({ errno, timedOut: false })).to.equal(expected);
            });
        }

        it("a timeout is a timeout whatever the code", () => {
            expect(classify({ errno: "ETIMEDOUT", timedOut: true })).to.equal("timeout");
            expect(classify({ errno: "ECONNREFUSED", timedOut: true })).to.equal("timeout");
        });

        it("ETIMEDOUT without the timeout flag is not a timeout (unknown, never retried)", () => {
            expect(classify({ errno: "ETIMEDOUT", timedOut: false })).to.equal("unknown");
        });
    });

    describe("class sets", () => {
        it("only throttling, unavailable and unreachable prove the request was not processed", () => {
            expect(Array.from(NOT_PROCESSED).sort()).to.deep.equal(["throttling", "unavailable", "unreachable"]);
        });

        it("server, timeout and connection-lost leave a non-idempotent outcome unknown", () => {
            expect(Array.from(OUTCOME_UNKNOWN).sort()).to.deep.equal(["connection-lost", "server", "timeout"]);
        });

        it("client and unknown are never retryable, even for idempotent requests", () => {
            expect(RETRYABLE_WHEN_IDEMPOTENT.has("client")).to.equal(false);
            expect(RETRYABLE_WHEN_IDEMPOTENT.has("unknown")).to.equal(false);
            expect(Array.from(RETRYABLE_WHEN_IDEMPOTENT).sort()).to.deep.equal(
                Array.from(NOT_PROCESSED).concat(Array.from(OUTCOME_UNKNOWN)).sort(),
            );
        });
    });
});
