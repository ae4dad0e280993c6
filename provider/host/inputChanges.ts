/**
 * How `diff` tells what changed between the recorded outputs and the new inputs, the same for
 * `JobRetry` and `JobWait`. Where calls go is compared by what the settings resolve to, not
 * where they are set: moving `projectId` from an input to stack config with the same value
 * changes nothing. A value still unknown (preview) counts as changed; a recorded value that
 * is not known (a state written before it was recorded) counts as unchanged.
 *
 * @packageDocumentation
 */
import type { Target } from "../shared/settings";
import { jsonEqual } from "../shared/canonicalJson";
import type { JsonValue, ResolvedTargetOutputs } from "../shared/types";
import { containsUnknown } from "../shared/validation";

/** The inputs that say where calls go, as a resource records them. */
interface TargetInputs {
    projectId?: string;
    region?: string;
    endpoint?: string;
}

/**
 * Whether an input's new value differs from the recorded one, by value: object key order does
 * not count, array order does.
 *
 * @param before - the recorded value
 * @param after - the new value
 */
export function inputChanged(before: unknown, after: unknown): boolean {
    return containsUnknown(after) || !jsonEqual(before as JsonValue | undefined, after as JsonValue | undefined);
}

/**
 * Whether the project id the settings resolve to differs from the one recorded.
 *
 * @param olds - the recorded outputs
 * @param news - the new inputs
 * @param resolved - where the new inputs resolve to; `undefined` when they do not resolve
 */
export function projectChanged(olds: TargetInputs & ResolvedTargetOutputs, news: TargetInputs, resolved: Target | undefined): boolean {
    if (containsUnknown(news.projectId)) return true;
    const before = olds.resolvedProjectId ?? olds.projectId;
    const after = resolved?.projectId ?? news.projectId;
    return before !== undefined && after !== undefined && before !== after;
}

/**
 * Whether the endpoint the settings resolve to differs from the one recorded; where either is
 * not known, whether the `region` or `endpoint` input changed.
 *
 * @param olds - the recorded outputs
 * @param news - the new inputs
 * @param resolved - where the new inputs resolve to; `undefined` when they do not resolve
 */
export function endpointChanged(olds: TargetInputs & ResolvedTargetOutputs, news: TargetInputs, resolved: Target | undefined): boolean {
    if (containsUnknown(news.endpoint) || containsUnknown(news.region)) return true;
    if (olds.resolvedEndpoint === undefined || resolved === undefined) {
        return inputChanged(olds.region, news.region) || inputChanged(olds.endpoint, news.endpoint);
    }
    return olds.resolvedEndpoint !== resolved.endpoint;
}
