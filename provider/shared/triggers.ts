import { JsonValue } from "./types";

/**
 * Canonical JSON text of a value: object keys sorted at every depth, array order kept.
 * Two `triggers` values are the same exactly when their canonical texts are equal, so
 * `{a: 1, b: 2}` equals `{b: 2, a: 1}` but `[1, 2]` differs from `[2, 1]`.
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
 * Whether two `triggers` values are equal by value (see {@link canonicalJson}).
 *
 * @param a - old value
 * @param b - new value
 */
export function triggersEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
    return canonicalJson(a) === canonicalJson(b);
}
