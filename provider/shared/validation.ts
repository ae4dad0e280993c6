import { ID_RULE, isUsableId } from "../client/ids";
import { MAX_WAIT_TIMEOUT_SECONDS, MIN_WAIT_TIMEOUT_SECONDS, UNKNOWN_VALUE } from "./constants";
import { endpointProblem, regionProblem } from "./endpoint";

/** One invalid input: the property and why, in Pulumi's `CheckFailure` shape. */
export interface InputFailure {
    /** Name of the input property. */
    property: string;
    /** What is wrong and what is allowed. */
    reason: string;
}

/**
 * Whether a value is still unknown (preview), anywhere inside it.
 *
 * @param value - an input value as the engine sent it
 */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN_VALUE) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/**
 * Why a job or project id is not acceptable (the client's rule, `client/ids.ts`), or
 * `undefined` when it is.
 *
 * @param value - the id
 */
export function idProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `must be a string of ${ID_RULE}; got ${describe(value)}`;
    }
    return isUsableId(value) ? undefined : `must be ${ID_RULE}; got ${JSON.stringify(value)}`;
}

type Rule = (value: unknown) => string | undefined;

const booleanRule: Rule = (value) => (typeof value === "boolean" ? undefined : `must be true or false; got ${describe(value)}`);

const stringRule =
    (problem: (value: string) => string | undefined): Rule =>
    (value) =>
        typeof value === "string" ? problem(value) : `must be a string; got ${describe(value)}`;

const RULES: Record<string, Rule> = {
    jobId: idProblem,
    projectId: idProblem,
    adoptJobId: idProblem,
    region: stringRule(regionProblem),
    endpoint: stringRule(endpointProblem),
    waitForCompletion: booleanRule,
    enabled: booleanRule,
    waitTimeoutSeconds: (value) =>
        typeof value === "number" && Number.isInteger(value) && value >= MIN_WAIT_TIMEOUT_SECONDS && value <= MAX_WAIT_TIMEOUT_SECONDS
            ? undefined
            : `must be a whole number of seconds from ${MIN_WAIT_TIMEOUT_SECONDS} to ${MAX_WAIT_TIMEOUT_SECONDS}; got ${describe(value)}`,
};

/**
 * Validates `JobRetry` (or `JobWait`) inputs before any request is sent. Values still
 * unknown during preview pass; absent optional values pass; `triggers` accepts any JSON value.
 *
 * @param inputs - the new inputs as the engine sent them to `check`
 * @param jobIdMeans - what `jobId` is, for the "required" message
 * @returns one failure per invalid property, empty when all are valid
 */
export function validateInputs(
    inputs: Record<string, unknown>,
    jobIdMeans = "the id of the failed Workspace job to retry",
): InputFailure[] {
    const failures: InputFailure[] = [];
    if (inputs.jobId === undefined || inputs.jobId === null || inputs.jobId === "") {
        failures.push({ property: "jobId", reason: `is required: ${jobIdMeans} (${ID_RULE})` });
    }
    for (const [property, rule] of Object.entries(RULES)) {
        const value = inputs[property];
        if (value === undefined || value === null || (property === "jobId" && value === "") || containsUnknown(value)) {
            continue;
        }
        const reason = rule(value);
        if (reason) {
            failures.push({ property, reason });
        }
    }
    return failures;
}

function describe(value: unknown): string {
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    return Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
}
