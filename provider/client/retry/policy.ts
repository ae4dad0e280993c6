import { DEFAULT_MAX_RETRIES, RETRY_BASE_DELAY_MS, RETRY_BUDGET_MS, RETRY_MAX_DELAY_MS } from "../constants";
import { FailureClass, NOT_PROCESSED, RETRYABLE_WHEN_IDEMPOTENT } from "./classify";

/** Tuning of the retry policy; every field has a documented default. */
export interface RetryOptions {
    /** Retries after the first attempt. @defaultValue 5 (`HW_MAX_RETRIES`) */
    maxRetries: number;
    /** Cap of the exponential delay before jitter, first retry, in milliseconds. @defaultValue 500 */
    baseDelayMs: number;
    /** Largest single delay, in milliseconds. @defaultValue 20000 */
    maxDelayMs: number;
    /**
     * Longest time one call may take, in milliseconds: its attempts (each up to its request
     * timeout) and the waits between them. An attempt is started only when its whole timeout
     * still fits, so a call ends within this budget, or within its first attempt's timeout
     * when that alone is longer.
     * @defaultValue 120000
     */
    budgetMs: number;
    /** Random source in [0, 1): a seam for tests. @defaultValue Math.random */
    random: () => number;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
    maxRetries: DEFAULT_MAX_RETRIES,
    baseDelayMs: RETRY_BASE_DELAY_MS,
    maxDelayMs: RETRY_MAX_DELAY_MS,
    budgetMs: RETRY_BUDGET_MS,
    random: Math.random,
};

/** Where a failed attempt leaves the call. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** The facts about a failed attempt that the policy looks at. */
export interface FailedAttempt {
    /** How the attempt failed. */
    failure: FailureClass;
    /** Whether the request may be sent twice without harm (GET). */
    idempotent: boolean;
    /** Retries done so far (0 after the first attempt). */
    retriesDone: number;
    /** Milliseconds already spent waiting between attempts. */
    delayedMs: number;
    /** Milliseconds since the call began: attempts and waits. @defaultValue `delayedMs` */
    elapsedMs?: number;
    /** Deadline of the next attempt, in milliseconds. @defaultValue 0 */
    timeoutMs?: number;
    /** Seconds asked for by a `Retry-After` header, when there was one. */
    retryAfterSeconds?: number;
}

/**
 * Decides whether to send a request again and after how long: full-jitter exponential
 * backoff (`random * min(max, base * 2^n)`), never shorter than `Retry-After`, within the
 * retry count and the call's time budget (the time spent so far, the wait and the next
 * attempt's whole timeout must fit in it). A non-idempotent request is resent only when the
 * failure proves the server did not process it.
 *
 * @param attempt - the failed attempt
 * @param options - the policy's tuning
 */
export function decideRetry(attempt: FailedAttempt, options: RetryOptions): RetryDecision {
    const allowed = attempt.idempotent ? RETRYABLE_WHEN_IDEMPOTENT : NOT_PROCESSED;
    if (!allowed.has(attempt.failure)) {
        return { retry: false };
    }
    if (attempt.retriesDone >= options.maxRetries) {
        return { retry: false };
    }
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt.retriesDone);
    const jittered = Math.floor(options.random() * ceiling);
    const delayMs = Math.max(jittered, (attempt.retryAfterSeconds ?? 0) * 1000);
    const spentMs = attempt.elapsedMs ?? attempt.delayedMs;
    if (spentMs + delayMs + (attempt.timeoutMs ?? 0) > options.budgetMs) {
        return { retry: false };
    }
    return { retry: true, delayMs };
}

/**
 * Parses a `Retry-After` header given in seconds (the HTTP-date form is read too).
 *
 * @param header - the header value
 * @param now - current time, for the date form
 * @returns seconds to wait, or `undefined` when absent or unreadable
 */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
    if (!header) return undefined;
    if (/^\d+$/.test(header.trim())) return Number(header.trim());
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
