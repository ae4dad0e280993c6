/**
 * Number formatting of the report.
 *
 * @packageDocumentation
 */

/** A whole number with thousands separators. */
export const integer = (value: number): string => Math.round(value).toLocaleString("en-US");

/** A number with a fixed count of decimals. */
export const decimal = (value: number, digits = 1): string =>
    value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A ratio, e.g. "3.5x" or "12x". */
export const times = (value: number): string => `${value >= 10 ? decimal(value, 0) : decimal(value, 1)}x`;

/** PASS or FAIL. */
export const verdict = (pass: boolean): string => (pass ? "PASS" : "FAIL");

/** "3.5x smaller" when `ours` is below `baseline`, "1.2x larger" otherwise. */
export function compare(ours: number, baseline: number, less: string, more: string): string {
    if (!(ours > 0) || !(baseline > 0)) return "-";
    return baseline >= ours ? `${times(baseline / ours)} ${less}` : `${times(ours / baseline)} ${more}`;
}
