/**
 * The Workspace client's numbers and names, each with its unit. Kept in the client layer,
 * which imports nothing above it; `shared/constants.ts` re-exports them, so that every
 * constant of the package can still be looked up in one file.
 *
 * @packageDocumentation
 */

/** Time allowed for one HTTP exchange, in milliseconds: a hung server cannot hang the caller. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Default number of retries of a retryable failure (on top of the first attempt). */
export const DEFAULT_MAX_RETRIES = 5;

/** First backoff delay of the retry policy, in milliseconds. */
export const RETRY_BASE_DELAY_MS = 500;

/** Largest single backoff delay of the retry policy, in milliseconds. */
export const RETRY_MAX_DELAY_MS = 20_000;

/**
 * Longest time one Workspace call may take, in milliseconds, its attempts and the waits
 * between them included: a further attempt starts only when its whole request timeout still
 * fits. So with the defaults a call ends within 120 s, and within one request timeout when a
 * configured timeout is longer than this budget (then there is no second attempt).
 */
export const RETRY_BUDGET_MS = 120_000;

/** Longest job or project id accepted, in characters (Huawei's are 32 to 36). */
export const MAX_ID_LENGTH = 128;

/** Header carrying the gateway's request id. */
export const REQUEST_ID_HEADER = "x-request-id";

/** Sub jobs asked for per page of `GET .../workspace-sub-jobs`: the API's largest `limit`. */
export const SUB_JOBS_PAGE_SIZE = 1000;

/** Most pages of one sub-job listing read before it stops with an error. */
export const MAX_SUB_JOB_PAGES = 20;

/** Largest answer body accepted, in bytes after decompression: a runaway or hostile answer cannot fill memory. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
