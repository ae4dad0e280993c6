/**
 * The targets and their verdicts, each limit in one place with its unit.
 *
 * @packageDocumentation
 */
import { decimal, integer, times } from "./format";
import type { BenchResults, TargetVerdict } from "./results";

/** Largest serialized provider accepted when installed, in bytes. */
export const MAX_INSTALLED_PROVIDER_BYTES = 512;
/** Smallest size advantage over the naive provider. */
export const MIN_SIZE_RATIO = 10;
/** Smallest throughput advantage over curl. */
export const MIN_THROUGHPUT_RATIO = 10;
/** Job length of the waiting target, in seconds. */
export const WAIT_TARGET_JOB_SECONDS = 600;
/** Most GETs allowed for that job. */
export const MAX_WAIT_GETS = 30;
/** Largest detection delay allowed, as a fraction of the job's length. */
export const MAX_DETECTION_DELAY_FRACTION = 0.1;
/** Largest RSS growth over idle, in MiB. */
export const MAX_RSS_GROWTH_MIB = 20;
/** Largest RSS growth between the two samples that still counts as "no growth" (noise), in MiB. */
export const RSS_NOISE_MIB = 3;

/** Looks a verdict up by id; a missing one (e.g. no 600 s job was run) counts as failed. */
export function verdictOf(targets: TargetVerdict[], id: TargetVerdict["id"]): boolean {
    return targets.find((target) => target.id === id)?.pass ?? false;
}

/** Evaluates the targets. */
export function evaluateTargets(results: BenchResults): TargetVerdict[] {
    const { sizes, memory } = results;
    const installed = sizes.installed.providerBytes ?? Infinity;
    const naive = sizes.naiveClientObject.providerBytes;
    const sizeRatio = naive === undefined ? Infinity : naive / installed;
    const headline = results.throughput[results.throughput.length - 1];
    const throughputRatio = headline.ours.perSecond / headline.curl.perSecond;
    const wait = results.waiting.find((point) => point.jobSeconds === WAIT_TARGET_JOB_SECONDS);
    const growth = memory.afterTwoStepsMiB - memory.idleMiB;
    const leak = memory.afterTwoStepsMiB - memory.afterStepMiB;
    const verdicts: TargetVerdict[] = [
        {
            id: "providerSize",
            name: `__provider < ${MAX_INSTALLED_PROVIDER_BYTES} B installed`,
            pass: installed < MAX_INSTALLED_PROVIDER_BYTES,
            detail: `${integer(installed)} B`,
        },
        {
            id: "sizeRatio",
            name: `__provider >= ${MIN_SIZE_RATIO}x smaller than naive`,
            pass: sizeRatio >= MIN_SIZE_RATIO,
            detail:
                naive === undefined
                    ? "naive provider cannot be serialized"
                    : `${times(sizeRatio)} (${integer(installed)} B vs ${integer(naive)} B)`,
        },
        {
            id: "throughput",
            name: `create throughput >= ${MIN_THROUGHPUT_RATIO}x curl`,
            pass: throughputRatio >= MIN_THROUGHPUT_RATIO,
            detail: `${times(throughputRatio)} at N=${headline.n}, P=${results.parallel}`,
        },
    ];
    if (wait) {
        const maxDelay = WAIT_TARGET_JOB_SECONDS * MAX_DETECTION_DELAY_FRACTION;
        verdicts.push({
            id: "waiting",
            name: `${WAIT_TARGET_JOB_SECONDS} s job: <= ${MAX_WAIT_GETS} GETs, delay < ${decimal(maxDelay, 0)} s`,
            pass: wait.ours.gets <= MAX_WAIT_GETS && wait.ours.detectionDelaySeconds < maxDelay,
            detail: `${wait.ours.gets} GETs, ${decimal(wait.ours.detectionDelaySeconds)} s`,
        });
    }
    verdicts.push(
        {
            id: "rssGrowth",
            name: `host RSS growth over idle < ${MAX_RSS_GROWTH_MIB} MiB`,
            pass: growth < MAX_RSS_GROWTH_MIB,
            detail: `${decimal(growth)} MiB after ${2 * memory.step} creates`,
        },
        {
            id: "rssLeak",
            name: `no RSS growth from ${memory.step} to ${2 * memory.step} creates (within ${RSS_NOISE_MIB} MiB)`,
            pass: leak <= RSS_NOISE_MIB,
            detail: `${leak >= 0 ? "+" : ""}${decimal(leak)} MiB`,
        },
    );
    return verdicts;
}
