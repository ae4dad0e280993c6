/// <reference types="mocha" />
import { expect } from "chai";
import { classify, FailureClass, NOT_PROCESSED, outcomeUnknown, RETRYABLE_WHEN_IDEMPOTENT } from "../../../provider/client/retry/classify";

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
            [302, "redirect"],
            [301, "redirect"],
            [307, "redirect"],
            [100, "unknown"],
        ];
        for (const [status, expected] of cases) {
            it(`${status} is ${expected}`, () => {
                expect(classify({ status })).to.equal(expected);
            });
        }

        it("a 5xx whose error_code is APIG.0613 (IAM unavailable) stopped at the gateway", () => {
            expect(classify({ status: 503, errorCode: "APIG.0613" })).to.equal("stopped-at-gateway");
            expect(classify({ status: 500, errorCode: "APIG.0613" })).to.equal("stopped-at-gateway");
        });

        it("other gateway codes on 502/503/504 prove nothing: unavailable", () => {
            for (const errorCode of ["APIG.0201", "APIG.0202", "APIG.0203", "APIG.0610", "", undefined]) {
                expect(classify({ status: 504, errorCode })).to.equal("unavailable");
            }
        });

        it("APIG.0613 on a 4xx is still a client error", () => {
            expect(classify({ status: 400, errorCode: "APIG.0613" })).to.equal("client");
        });
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
                expect(classify({ errno, timedOut: false, connected: true })).to.equal(expected);
            });
        }

        it("a timeout after the connection came up is a timeout", () => {
            expect(classify({ errno: "ETIMEDOUT", timedOut: true, connected: true })).to.equal("timeout");
        });

        it("anything on a connection that never came up is unreachable: a connect timeout, a TLS handshake failure", () => {
            expect(classify({ errno: "ETIMEDOUT", timedOut: true, connected: false })).to.equal("unreachable");
            expect(classify({ errno: "EPROTO", timedOut: false, connected: false })).to.equal("unreachable");
            expect(classify({ errno: "ECONNRESET", timedOut: false, connected: false })).to.equal("unreachable");
        });

        it("a certificate this machine does not accept is untrusted-certificate, connected or not", () => {
            for (const errno of [
                "SELF_SIGNED_CERT_IN_CHAIN",
                "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
                "DEPTH_ZERO_SELF_SIGNED_CERT",
                "CERT_HAS_EXPIRED",
                "ERR_TLS_CERT_ALTNAME_INVALID",
            ]) {
                expect(classify({ errno, timedOut: false, connected: false })).to.equal("untrusted-certificate");
            }
        });

        it("a proxy's 4xx refusal of the tunnel is proxy-refused; its 5xx (no way to the endpoint) is unreachable", () => {
            expect(classify({ errno: "ERR_PROXY_REFUSED", timedOut: false, connected: false, proxyStatus: 407 })).to.equal("proxy-refused");
            expect(classify({ errno: "ERR_PROXY_REFUSED", timedOut: false, connected: false, proxyStatus: 403 })).to.equal("proxy-refused");
            expect(classify({ errno: "ERR_PROXY_REFUSED", timedOut: false, connected: false, proxyStatus: 502 })).to.equal("unreachable");
        });

        it("ETIMEDOUT without the timeout flag is not a timeout (unknown, never retried)", () => {
            expect(classify({ errno: "ETIMEDOUT", timedOut: false, connected: true })).to.equal("unknown");
        });
    });

    describe("class sets", () => {
        it("only throttling, stopped-at-gateway and unreachable prove the request was not processed", () => {
            expect(Array.from(NOT_PROCESSED).sort()).to.deep.equal(["stopped-at-gateway", "throttling", "unreachable"]);
        });

        it("every other failure but a 4xx, a 3xx, an untrusted certificate and a proxy's refusal leaves the retry POST's outcome unknown", () => {
            const all: FailureClass[] = [
                "redirect",
                "untrusted-certificate",
                "proxy-refused",
                "throttling",
                "stopped-at-gateway",
                "unreachable",
                "unavailable",
                "server",
                "timeout",
                "connection-lost",
                "client",
                "unknown",
            ];
            expect(all.filter(outcomeUnknown).sort()).to.deep.equal(["connection-lost", "server", "timeout", "unavailable", "unknown"]);
        });

        it("client, redirect, untrusted-certificate, proxy-refused and unknown are never retryable, even for idempotent requests", () => {
            for (const failure of ["redirect", "untrusted-certificate", "proxy-refused"] as const) {
                expect(RETRYABLE_WHEN_IDEMPOTENT.has(failure), failure).to.equal(false);
            }
            expect(RETRYABLE_WHEN_IDEMPOTENT.has("client")).to.equal(false);
            expect(RETRYABLE_WHEN_IDEMPOTENT.has("unknown")).to.equal(false);
            expect(Array.from(RETRYABLE_WHEN_IDEMPOTENT).sort()).to.deep.equal([
                "connection-lost",
                "server",
                "stopped-at-gateway",
                "throttling",
                "timeout",
                "unavailable",
                "unreachable",
            ]);
        });
    });
});
