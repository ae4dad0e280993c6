/**
 * Every tunable number and fixed name of the package, in one place, each with its unit.
 *
 * @packageDocumentation
 */

// The client's own constants live in its layer (it imports nothing from here).
export {
    DEFAULT_MAX_RETRIES,
    MAX_ID_LENGTH,
    REQUEST_ID_HEADER,
    REQUEST_TIMEOUT_MS,
    RETRY_BASE_DELAY_MS,
    RETRY_BUDGET_MS,
    RETRY_MAX_DELAY_MS,
    MAX_SUB_JOB_PAGES,
    SUB_JOBS_PAGE_SIZE,
} from "../client/constants";
import { SERVICE_JOB_TYPES } from "../client/workspaceService";

/** npm name of this package: the provider host loads it by this name from the program's directory (`serializedProvider` checks that it can). */
export const PACKAGE_NAME = "pulumi-huaweicloud-workspace-jobs";

/** Pulumi type token suffix of the resource (`pulumi-nodejs:dynamic:JobRetry`). */
export const RESOURCE_TYPE = "JobRetry";

/** Default cloud domain used to build regional endpoints. */
export const DEFAULT_CLOUD = "myhuaweicloud.com";

/** Cloud domain of the European partition, used by `eu-west-1xx` regions. */
export const EU_CLOUD = "myhuaweicloud.eu";

/** Largest request timeout accepted from settings, in seconds. */
export const MAX_REQUEST_TIMEOUT_SECONDS = 600;

/** Largest `maxRetries` accepted. */
export const MAX_RETRIES_LIMIT = 20;

/** Default wait for a retried job to finish, in seconds. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 1800;

/** Lower bound of `waitTimeoutSeconds`. */
export const MIN_WAIT_TIMEOUT_SECONDS = 1;
/** Upper bound of `waitTimeoutSeconds` (24 h, the life of an IAM token). */
export const MAX_WAIT_TIMEOUT_SECONDS = 86_400;

/** First poll delay while waiting for a job, in milliseconds. */
export const POLL_INITIAL_DELAY_MS = 1_000;

/** Largest poll delay while waiting for a job, in milliseconds. */
export const POLL_MAX_DELAY_MS = 30_000;

/** Longest time a wait stays silent while nothing changes, in milliseconds: then it prints one progress line. */
export const PROGRESS_HEARTBEAT_MS = 30_000;

/** Growth factor of the poll delay between two polls. */
export const POLL_BACKOFF_FACTOR = 1.5;

/**
 * The value Pulumi sends, whatever the property's type, for an input still unknown during
 * preview (`@pulumi/pulumi/runtime/rpc` `unknownValue`). Copied rather than imported: loading
 * the Pulumi runtime would slow every provider call down.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Job types `getFailedJobs` looks at by default: the only ones the retry API accepts. */
export const RETRIABLE_JOB_TYPES: readonly string[] = SERVICE_JOB_TYPES;

/**
 * Waits before each read of the Workspace service after a retry POST whose answer was lost,
 * in milliseconds: about 10 s in all, for a service whose state may trail the POST a little.
 */
export const LOST_ANSWER_CHECK_DELAYS_MS: readonly number[] = [0, 1_000, 3_000, 6_000];

/** IAM action of the read of the Workspace service's state (`GET /v2/{project_id}/workspaces`). */
export const SERVICE_READ_PERMISSION = "workspace:workspaces:list";
