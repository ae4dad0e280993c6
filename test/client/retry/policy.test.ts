/// <reference types="mocha" />
import { expect } from "chai";
import { FailureClass } from "../../../provider/client/retry/classify";
import {
    decideRetry,
    DEFAULT_RETRY_OPTIONS,
    FailedAttempt,
    parseRetryAfter,
    RetryDecision,
    RetryOptions,
} from "../../../provider/client/retry/policy";

const ALL_CLASSES: FailureClass[] = [
    "throttling",
    "stopped-at-gateway",
    "unavailable",
    "unreachable",
    "server",
    "timeout",
    "connection-lost",
    "client",
    "unknown",
];

function options(overrides: Partial<RetryOptions> = {}): RetryOptions {
    return { ...DEFAULT_RETRY_OPTIONS, random: () => 0.5, ...overrides };
}

function attempt(overrides: Partial<FailedAttempt> = {}): FailedAttempt {
    return { failure: "throttling", idempotent: true, retriesDone: 0, delayedMs: 0, ...overrides };
}

function delayOf(decision: RetryDecision): number {
    expect(decision.retry, JSON.stringify(decision)).to.equal(true);
    return (decision as { retry: true; delayMs: number }).delayMs;
}

function stops(decision: RetryDecision): void {
    expect(decision, JSON.stringify(decision)).to.deep.equal({ retry: false });
}

describe("client/retry/policy", () => {
    describe("which failures are retried", () => {
        const postRetried = new Set<FailureClass>(["throttling", "stopped-at-gateway", "unreachable"]);
        const getRetried = new Set<FailureClass>([...postRetried, "unavailable", "server", "timeout", "connection-lost"]);
        for (const failure of ALL_CLASSES) {
            it(`POST (not idempotent) after ${failure}: ${postRetried.has(failure) ? "retried" : "not retried"}`, () => {
                const decision = decideRetry(attempt({ failure, idempotent: false }), options());
                expect(decision.retry).to.equal(postRetried.has(failure));
            });
            it(`GET (idempotent) after ${failure}: ${getRetried.has(failure) ? "retried" : "not retried"}`, () => {
                const decision = decideRetry(attempt({ failure, idempotent: true }), options());
                expect(decision.retry).to.equal(getRetried.has(failure));
            });
        }
    });

    describe("maxRetries", () => {
        it("retries while fewer than maxRetries retries were done, then stops", () => {
            const opts = options({ maxRetries: 3 });
            expect(decideRetry(attempt({ retriesDone: 0 }), opts).retry).to.equal(true);
            expect(decideRetry(attempt({ retriesDone: 2 }), opts).retry).to.equal(true);
            stops(decideRetry(attempt({ retriesDone: 3 }), opts));
        });

        it("maxRetries 0 never retries", () => {
            stops(decideRetry(attempt({ retriesDone: 0, failure: "unavailable" }), options({ maxRetries: 0 })));
        });
    });

    describe("full-jitter exponential backoff", () => {
        it("random 0 gives no delay at every step", () => {
            for (let retriesDone = 0; retriesDone < 5; retriesDone += 1) {
                expect(delayOf(decideRetry(attempt({ retriesDone }), options({ random: () => 0 })))).to.equal(0);
            }
        });

        it("random 0.999 gives just under the ceiling base * 2^n, capped at maxDelayMs", () => {
            const opts = options({ random: () => 0.999, maxRetries: 10, budgetMs: 10_000_000 });
            const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((retriesDone) => delayOf(decideRetry(attempt({ retriesDone }), opts)));
            // ceilings 500, 1000, 2000, 4000, 8000, 16000, 20000 (cap), 20000
            expect(delays).to.deep.equal([499, 999, 1998, 3996, 7992, 15984, 19980, 19980]);
        });

        it("every delay lies in [0, ceiling) for any random value", () => {
            for (const random of [0, 0.1, 0.5, 0.9, 0.999999]) {
                for (let retriesDone = 0; retriesDone < 8; retriesDone += 1) {
                    const ceiling = Math.min(20_000, 500 * 2 ** retriesDone);
                    const delay = delayOf(
                        decideRetry(attempt({ retriesDone }), options({ random: () => random, maxRetries: 10, budgetMs: 1e9 })),
                    );
                    expect(delay).to.be.at.least(0);
                    expect(delay).to.be.below(ceiling);
                    expect(Number.isInteger(delay)).to.equal(true);
                }
            }
        });

        it("honours custom base and max delays", () => {
            const opts = options({ random: () => 0.999, baseDelayMs: 10, maxDelayMs: 25 });
            expect(delayOf(decideRetry(attempt({ retriesDone: 0 }), opts))).to.equal(9);
            expect(delayOf(decideRetry(attempt({ retriesDone: 1 }), opts))).to.equal(19);
            expect(delayOf(decideRetry(attempt({ retriesDone: 2 }), opts))).to.equal(24);
        });
    });

    describe("Retry-After", () => {
        it("is a floor: a longer Retry-After wins over the jittered delay", () => {
            expect(delayOf(decideRetry(attempt({ retryAfterSeconds: 3 }), options({ random: () => 0 })))).to.equal(3_000);
        });

        it("may exceed maxDelayMs", () => {
            expect(delayOf(decideRetry(attempt({ retryAfterSeconds: 30 }), options({ random: () => 0.999 })))).to.equal(30_000);
        });

        it("does not shorten a longer jittered delay", () => {
            expect(delayOf(decideRetry(attempt({ retriesDone: 4, retryAfterSeconds: 1 }), options({ random: () => 0.999 })))).to.equal(
                7_992,
            );
        });

        it("Retry-After 0 leaves the jittered delay", () => {
            expect(delayOf(decideRetry(attempt({ retryAfterSeconds: 0 }), options({ random: () => 0.5 })))).to.equal(250);
        });
    });

    describe("time budget", () => {
        it("retries while the total stays within the budget", () => {
            expect(delayOf(decideRetry(attempt({ delayedMs: 119_000 }), options({ random: () => 0.999 })))).to.equal(499);
            expect(delayOf(decideRetry(attempt({ delayedMs: 119_501 }), options({ random: () => 0.999 })))).to.equal(499);
        });

        it("stops when the next delay would exceed the budget", () => {
            stops(decideRetry(attempt({ delayedMs: 119_502 }), options({ random: () => 0.999 })));
        });

        it("counts the attempts, not only the waits: the next attempt's whole timeout must fit", () => {
            const opts = options({ random: () => 0.999 });
            // 60 s spent in attempts, 499 ms of wait, 30 s for the next attempt: 90.5 s fit in 120 s.
            expect(delayOf(decideRetry(attempt({ delayedMs: 0, elapsedMs: 60_000, timeoutMs: 30_000 }), opts))).to.equal(499);
            // 90 s spent: 90 + 0.499 + 30 s do not fit.
            stops(decideRetry(attempt({ delayedMs: 0, elapsedMs: 90_000, timeoutMs: 30_000 }), opts));
        });

        it("a timeout longer than the budget leaves no second attempt", () => {
            stops(decideRetry(attempt({ elapsedMs: 1, timeoutMs: 600_000, failure: "unreachable" }), options({ random: () => 0 })));
        });

        it("stops when a Retry-After alone exceeds the budget", () => {
            stops(decideRetry(attempt({ retryAfterSeconds: 3600 }), options()));
            expect(decideRetry(attempt({ retryAfterSeconds: 100 }), options()).retry).to.equal(true);
        });
    });

    describe("parseRetryAfter", () => {
        const now = new Date("2024-01-01T00:00:00Z");

        it("reads delta seconds", () => {
            expect(parseRetryAfter("0", now)).to.equal(0);
            expect(parseRetryAfter("3", now)).to.equal(3);
            expect(parseRetryAfter(" 120 ", now)).to.equal(120);
        });

        it("reads an HTTP-date relative to now, rounding up", () => {
            expect(parseRetryAfter("Mon, 01 Jan 2024 00:00:10 GMT", now)).to.equal(10);
            expect(parseRetryAfter("Mon, 01 Jan 2024 00:00:10 GMT", new Date("2024-01-01T00:00:00.500Z"))).to.equal(10);
            expect(parseRetryAfter("Mon, 01 Jan 2024 00:02:00 GMT", now)).to.equal(120);
        });

        it("reads an HTTP-date in the past as 0", () => {
            expect(parseRetryAfter("Sun, 31 Dec 2023 23:59:00 GMT", now)).to.equal(0);
        });

        it("returns undefined when absent, empty or unreadable", () => {
            expect(parseRetryAfter(undefined, now)).to.equal(undefined);
            expect(parseRetryAfter("", now)).to.equal(undefined);
            expect(parseRetryAfter("soon", now)).to.equal(undefined);
        });
    });
});
