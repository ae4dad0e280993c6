/**
 * Comparing input values by value, as `diff` does (`triggers` above all): two values are the
 * same exactly when their canonical JSON texts are equal.
 *
 * @packageDocumentation
 */
import { JsonValue } from "./types";

/**
 * Canonical JSON text of a value: object keys sorted at every depth, array order kept, so
 * `{a: 1, b: 2}` has the text of `{b: 2, a: 1}` but `[1, 2]` not that of `[2, 1]`.
 *
 * @param value - any JSON value; `undefined` (absent) canonicalizes to `""`.
 */
export function canonicalJson(value: JsonValue | undefined): string {
    if (value === undefined) {
        return "";
    }
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        const sorted: { [key: string]: JsonValue } = {};
        for (const key of Object.keys(value).sort()) {
            sorted[key] = sortKeys(value[key]);
        }
        return sorted;
    }
    return value;
}

/**
 * Whether two values are equal by value (see {@link canonicalJson}).
 *
 * @param before - the recorded value
 * @param after - the new value
 */
export function jsonEqual(before: JsonValue | undefined, after: JsonValue | undefined): boolean {
    return canonicalJson(before) === canonicalJson(after);
}
