/**
 * The one rule for job and project ids, wherever they come from (an input, a setting, an API
 * answer): each travels as one URL path segment (`/v2/{project_id}/workspace-jobs/{job_id}`),
 * so it may hold nothing that could escape that segment or change its meaning.
 *
 * @packageDocumentation
 */
import { MAX_ID_LENGTH } from "./constants";

const ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}$`);

/** The rule in words, for messages that reject an id. */
export const ID_RULE = `letters, digits, "-" and "_" only, 1 to ${MAX_ID_LENGTH} characters (it becomes one URL path segment)`;

/**
 * Whether a value is an id that can go into a path as it is.
 *
 * @param value - anything: an input, a setting, a `job_id` from an answer
 */
export function isUsableId(value: unknown): value is string {
    return typeof value === "string" && ID_PATTERN.test(value);
}
