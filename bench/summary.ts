/**
 * The numbers the report shows, from the raw runs: for each kind and size the median and
 * spread of the `up` time, the time added over the empty program (paired by round, so a
 * slow moment of the machine counts against both), the time per further resource, state
 * bytes per resource, and the ratios of the target: what JobRetry adds to an empty program's
 * `up` over what the bare POST provider adds, at each size.
 *
 * @packageDocumentation
 */
import { Kind, KINDS } from "./program";
import type { UpRun } from "./upTimes";

/** Largest JobRetry / bare POST ratio of the time added over the empty program, at each size. */
export const MAX_RATIO_OVER_BARE_POST = 1.1;

/** Median, smallest and largest of some samples. */
export interface Spread {
    median: number;
    min: number;
    max: number;
}

/** One kind's numbers. */
export interface KindSummary {
    kind: Kind;
    /** `up` seconds per size. */
    up: Record<number, Spread>;
    /** Seconds added over the empty program of the same round, per size (zero for the empty kind). */
    added: Record<number, Spread>;
    /** Seconds per resource beyond the first: (t_large - t_small) / (large - small), per round. */
    perFurther: Spread;
    /** State bytes added per resource, from the first round. */
    stateBytesPerResource: number;
    /** `__provider` bytes, when the kind has one. */
    providerBytes?: number;
}

/** One row of the target: JobRetry's added time over the bare POST provider's, at one size. */
export interface TargetRatio {
    /** Resources in the program. */
    n: number;
    /** Median seconds JobRetry adds over the empty program. */
    jobRetryAdded: number;
    /** Median seconds the bare POST provider adds over the empty program. */
    barePostAdded: number;
    /** `jobRetryAdded / barePostAdded`. */
    ratio: number;
    /** The same ratio round by round (rounds whose bare POST run added time), for the noise. */
    rounds: Spread;
}

/** The whole summary. */
export interface Summary {
    sizes: number[];
    rounds: number;
    kinds: Record<Kind, KindSummary>;
    /** The target's ratios, one per size. */
    targets: TargetRatio[];
}

function spread(values: number[]): Spread {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * @param runs - from {@link measureUpTimes}; every kind at every size in every round
 * @param sizes - the sizes, smallest first
 */
export function summarize(runs: UpRun[], sizes: number[]): Summary {
    const rounds = Math.max(...runs.map((run) => run.round)) + 1;
    const find = (kind: Kind, n: number, round: number): UpRun => {
        const found = runs.find((run) => run.kind === kind && run.n === n && run.round === round);
        if (!found) throw new Error(`no run of ${kind} at N=${n} in round ${round}`);
        return found;
    };
    const perRound = <T>(f: (round: number) => T): T[] => Array.from({ length: rounds }, (_, round) => f(round));
    const [small, large] = [sizes[0], sizes[sizes.length - 1]];
    /** Seconds a kind's `up` took over the empty program's, in the same round and at the same size. */
    const added = (kind: Kind, n: number, r: number) => find(kind, n, r).seconds - find("empty", n, r).seconds;
    const kinds = {} as Record<Kind, KindSummary>;
    for (const kind of KINDS) {
        const up: Record<number, Spread> = {};
        const addedSpread: Record<number, Spread> = {};
        for (const n of sizes) {
            up[n] = spread(perRound((r) => find(kind, n, r).seconds));
            addedSpread[n] = spread(perRound((r) => added(kind, n, r)));
        }
        kinds[kind] = {
            kind,
            up,
            added: addedSpread,
            perFurther: spread(perRound((r) => (find(kind, large, r).seconds - find(kind, small, r).seconds) / (large - small))),
            stateBytesPerResource: (find(kind, large, 0).stateBytes - find(kind, small, 0).stateBytes) / (large - small),
            providerBytes: find(kind, small, 0).providerBytes,
        };
    }
    const target = (n: number): TargetRatio => {
        // A round where the bare POST added nothing has no ratio.
        const roundRatios = perRound((r) => [added("jobRetry", n, r), added("barePost", n, r)])
            .filter(([, bare]) => bare > 0)
            .map(([jobRetry, bare]) => jobRetry / bare);
        const [jobRetryAdded, barePostAdded] = [kinds.jobRetry.added[n].median, kinds.barePost.added[n].median];
        return {
            n,
            jobRetryAdded,
            barePostAdded,
            ratio: jobRetryAdded / barePostAdded,
            rounds: roundRatios.length > 0 ? spread(roundRatios) : { median: NaN, min: NaN, max: NaN },
        };
    };
    return { sizes, rounds, kinds, targets: sizes.map(target) };
}
