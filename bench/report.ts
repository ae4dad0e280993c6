/**
 * The markdown report: one table with ours and the baseline side by side, their ratio,
 * the target and its verdict, then the targets summed up.
 *
 * @packageDocumentation
 */
import { compare, decimal, integer, verdict } from "./format";
import type { BenchResults, TargetVerdict } from "./results";
import {
    evaluateTargets,
    verdictOf,
    MAX_DETECTION_DELAY_FRACTION,
    MAX_INSTALLED_PROVIDER_BYTES,
    MAX_RSS_GROWTH_MIB,
    MAX_WAIT_GETS,
    MIN_SIZE_RATIO,
    MIN_THROUGHPUT_RATIO,
    RSS_NOISE_MIB,
    WAIT_TARGET_JOB_SECONDS,
} from "./targets";

/** One line of the results table. */
export interface Row {
    measure: string;
    ours: string;
    baseline: string;
    ratio: string;
    target: string;
    result: string;
}

function sizeRows(results: BenchResults, targets: TargetVerdict[]): Row[] {
    const { sizes } = results;
    const naive = sizes.naiveClientObject;
    const naiveBytes = naive.providerBytes ?? NaN;
    const installedBytes = sizes.installed.providerBytes ?? NaN;
    const byValueBytes = sizes.byValue.providerBytes ?? NaN;
    const yesNo = (value: boolean | undefined) => (value === undefined ? "-" : value ? "yes" : "no");
    return [
        {
            measure: "`__provider` bytes, installed in node_modules",
            ours: integer(installedBytes),
            baseline: naive.error ? `fails: ${naive.error}` : integer(naiveBytes),
            ratio: compare(installedBytes, naiveBytes, "smaller", "larger"),
            target: `< ${MAX_INSTALLED_PROVIDER_BYTES} B, >= ${MIN_SIZE_RATIO}x smaller`,
            result: verdict(verdictOf(targets, "providerSize") && verdictOf(targets, "sizeRatio")),
        },
        {
            measure: "`__provider` bytes, by value (repo symlink)",
            ours: integer(byValueBytes),
            baseline: naive.error ? "-" : integer(naiveBytes),
            ratio: compare(byValueBytes, naiveBytes, "smaller", "larger"),
            target: "-",
            result: "-",
        },
        {
            measure: "`__provider` bytes, naive axios instance at module level",
            ours: integer(installedBytes),
            baseline: sizes.naiveAxiosInstance.error
                ? `fails: ${sizes.naiveAxiosInstance.error}`
                : integer(sizes.naiveAxiosInstance.providerBytes ?? NaN),
            ratio: compare(installedBytes, sizes.naiveAxiosInstance.providerBytes ?? NaN, "smaller", "larger"),
            target: "-",
            result: "-",
        },
        {
            measure: `State bytes, ${sizes.resources} resources, installed`,
            ours: integer(sizes.installed.stateBytes ?? NaN),
            baseline: naive.stateBytes === undefined ? "-" : integer(naive.stateBytes),
            ratio: compare(sizes.installed.stateBytes ?? NaN, naive.stateBytes ?? NaN, "smaller", "larger"),
            target: "-",
            result: "-",
        },
        {
            measure: `State bytes, ${sizes.resources} resources, by value`,
            ours: integer(sizes.byValue.stateBytes ?? NaN),
            baseline: naive.stateBytes === undefined ? "-" : integer(naive.stateBytes),
            ratio: compare(sizes.byValue.stateBytes ?? NaN, naive.stateBytes ?? NaN, "smaller", "larger"),
            target: "-",
            result: "-",
        },
        {
            measure: "Token captured in `__provider` (state)",
            ours: yesNo(sizes.installed.capturesToken || sizes.byValue.capturesToken),
            baseline: yesNo(naive.capturesToken),
            ratio: "-",
            target: "no",
            result: "-",
        },
        {
            measure: "Creates through the real host",
            ours: `${yesNo(sizes.installed.worksInHost)} (installed), ${yesNo(sizes.byValue.worksInHost)} (by value)`,
            baseline: yesNo(naive.worksInHost),
            ratio: "-",
            target: "-",
            result: "-",
        },
    ];
}

function throughputRows(results: BenchResults, targets: TargetVerdict[]): Row[] {
    const head = results.throughput[results.throughput.length - 1];
    const p = results.parallel;
    return [
        {
            measure: `Create throughput, N=${head.n}, P=${p} (retries/s)`,
            ours: decimal(head.ours.perSecond),
            baseline: decimal(head.curl.perSecond),
            ratio: compare(head.curl.perSecond, head.ours.perSecond, "faster", "slower"),
            target: `>= ${MIN_THROUGHPUT_RATIO}x curl`,
            result: verdict(verdictOf(targets, "throughput")),
        },
        {
            measure: `Wall time of ${head.n} retries (s)`,
            ours: decimal(head.ours.seconds, 2),
            baseline: decimal(head.curl.seconds, 2),
            ratio: compare(head.ours.seconds, head.curl.seconds, "shorter", "longer"),
            target: "-",
            result: "-",
        },
        {
            measure: "CPU per retry: provider host vs sh + curl (ms)",
            ours: decimal(head.ours.cpuMsPerRetry.provider, 2),
            baseline: decimal(head.curl.cpuMsPerRetry.provider, 2),
            ratio: compare(head.ours.cpuMsPerRetry.provider, head.curl.cpuMsPerRetry.provider, "less", "more"),
            target: "-",
            result: "-",
        },
        {
            measure: "CPU per retry: bench process, emulator + driver (ms)",
            ours: decimal(head.ours.cpuMsPerRetry.bench, 2),
            baseline: decimal(head.curl.cpuMsPerRetry.bench, 2),
            ratio: compare(head.ours.cpuMsPerRetry.bench, head.curl.cpuMsPerRetry.bench, "less", "more"),
            target: "-",
            result: "-",
        },
        {
            measure: `TCP connections used for ${head.n} retries`,
            ours: integer(head.ours.connections),
            baseline: integer(head.curl.connections),
            ratio: compare(head.ours.connections, head.curl.connections, "fewer", "more"),
            target: "-",
            result: "-",
        },
        {
            measure: "Host start + Configure, once per deployment (s)",
            ours: decimal(head.ours.hostStartSeconds, 2),
            baseline: "-",
            ratio: "-",
            target: "-",
            result: "-",
        },
        {
            measure: "First create (loads the implementation), once per host (s)",
            ours: decimal(head.ours.firstCreateSeconds, 2),
            baseline: "-",
            ratio: "-",
            target: "-",
            result: "-",
        },
    ];
}

function waitingRows(results: BenchResults): Row[] {
    return results.waiting.flatMap((point) => {
        const isTarget = point.jobSeconds === WAIT_TARGET_JOB_SECONDS;
        const maxDelay = point.jobSeconds * MAX_DETECTION_DELAY_FRACTION;
        return [
            {
                measure: `Waiting, ${point.jobSeconds} s job: GETs`,
                ours: integer(point.ours.gets),
                baseline: integer(point.fixed.gets),
                ratio: compare(point.ours.gets, point.fixed.gets, "fewer", "more"),
                target: isTarget ? `<= ${MAX_WAIT_GETS}` : "-",
                result: isTarget ? verdict(point.ours.gets <= MAX_WAIT_GETS) : "-",
            },
            {
                measure: `Waiting, ${point.jobSeconds} s job: detection delay (s)`,
                ours: decimal(point.ours.detectionDelaySeconds, 2),
                baseline: decimal(point.fixed.detectionDelaySeconds, 2),
                ratio: compare(point.ours.detectionDelaySeconds, point.fixed.detectionDelaySeconds, "shorter", "longer"),
                target: isTarget ? `< ${decimal(maxDelay, 0)} s (10%)` : "-",
                result: isTarget ? verdict(point.ours.detectionDelaySeconds < maxDelay) : "-",
            },
            {
                measure: `Waiting, ${point.jobSeconds}-${point.jobSeconds + point.spreadSeconds} s jobs: mean detection delay (s)`,
                ours: decimal(point.meanDelaySeconds.ours, 2),
                baseline: decimal(point.meanDelaySeconds.fixed, 2),
                ratio: compare(point.meanDelaySeconds.ours, point.meanDelaySeconds.fixed, "shorter", "longer"),
                target: "-",
                result: "-",
            },
        ];
    });
}

function memoryRows(results: BenchResults, targets: TargetVerdict[]): Row[] {
    const m = results.memory;
    const row = (measure: string, value: number, target = "-", result = "-"): Row => ({
        measure,
        ours: decimal(value),
        baseline: "-",
        ratio: "-",
        target,
        result,
    });
    return [
        row("Host RSS idle, after Configure + Check (MiB)", m.idleMiB),
        row(`Host RSS after ${m.step} creates (MiB)`, m.afterStepMiB),
        row(`Host RSS after ${2 * m.step} creates (MiB)`, m.afterTwoStepsMiB),
        row(
            `RSS growth over idle after ${2 * m.step} creates (MiB)`,
            m.afterTwoStepsMiB - m.idleMiB,
            `< ${MAX_RSS_GROWTH_MIB}`,
            verdict(verdictOf(targets, "rssGrowth")),
        ),
        row(
            `RSS growth from ${m.step} to ${2 * m.step} creates (MiB)`,
            m.afterTwoStepsMiB - m.afterStepMiB,
            `<= ${RSS_NOISE_MIB} (noise)`,
            verdict(verdictOf(targets, "rssLeak")),
        ),
    ];
}

/** The report: table, baselines, targets and machine, as markdown. */
export function renderReport(results: BenchResults): { markdown: string; targets: TargetVerdict[] } {
    const targets = evaluateTargets(results);
    const rows = [
        ...sizeRows(results, targets),
        ...throughputRows(results, targets),
        ...waitingRows(results),
        ...memoryRows(results, targets),
    ];
    const escape = (cell: string) => cell.replace(/\|/g, "\\|");
    const header = ["Measure", "Ours", "Baseline", "Ratio", "Target", "Result"];
    const lines = [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${[r.measure, r.ours, r.baseline, r.ratio, r.target, r.result].map(escape).join(" | ")} |`),
    ];
    const m = results.machine;
    const markdown = [
        `## JobRetry benchmark${results.quick ? " (quick)" : ""}`,
        "",
        `Baselines: sizes against the naive provider of bench/naive/ (module-level client object; the module-level axios instance does not serialize); ` +
            `throughput against one \`sh -c "curl ..."\` per retry (local.Command); waiting against a fixed ${results.fixedPollSeconds} s poll. ` +
            `P = ${results.parallel} (${results.parallelSource}).`,
        "",
        ...lines,
        "",
        "Targets:",
        ...targets.map((t) => `- ${verdict(t.pass)} ${t.name}: ${t.detail}`),
        "",
        `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${decimal(m.memoryGiB)} GiB RAM, ${m.os}, Node ${m.node}, ${m.curl}, @pulumi/pulumi ${m.pulumiSdk}; ` +
            `load average ${decimal(m.loadAverage, 2)} (highest of start and end of the run).`,
    ].join("\n");
    return { markdown, targets };
}
