/**
 * docs/performance.md, written whole by `npm run bench`: the `pulumi up` table, the target,
 * state and `__provider` sizes, and the waiting cost.
 *
 * @packageDocumentation
 */
import { Kind, KIND_LABELS, KINDS } from "./program";
import { MAX_RATIO_OVER_BARE_POST, Spread, Summary, TargetRatio } from "./summary";
import type { WaitPoint } from "./waiting";

/** What the report says about where and how it ran. */
export interface RunInfo {
    date: string;
    command: string;
    machine: string;
}

const s = (value: number, digits = 2) => value.toFixed(digits);
const ms = (seconds: number) => (seconds * 1000).toFixed(0);
const range = (x: Spread, f: (v: number) => string) => `${f(x.median)} (${f(x.min)} to ${f(x.max)})`;
const signed = (seconds: number) => (seconds >= 0 ? "+" : "") + s(seconds);
/**
 * PASS or FAIL on the ratio of the medians, saying when the rounds fall on both sides of the
 * target (the verdict is then inside the noise). A ratio over a baseline that noise has pushed
 * to zero or below says nothing: no verdict then.
 */
function verdict(target: TargetRatio): string {
    if (!(target.barePostAdded > 0)) return "no verdict: the baseline is not above zero (noise)";
    const result = target.ratio <= MAX_RATIO_OVER_BARE_POST ? "PASS" : "FAIL";
    const { min, max } = target.rounds;
    const noisy = min <= MAX_RATIO_OVER_BARE_POST && max > MAX_RATIO_OVER_BARE_POST;
    return noisy ? `${result}, within noise (rounds from ${s(min)} to ${s(max)})` : result;
}

function table(header: string[], rows: string[][]): string[] {
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

function upTable(summary: Summary): string[] {
    const { sizes } = summary;
    const [small, large] = [sizes[0], sizes[sizes.length - 1]];
    const header = [
        "Program",
        ...sizes.flatMap((n) => [`\`up\` N = ${n} (s)`, `added over empty, N = ${n} (s)`]),
        `per further resource (ms), (t${large} - t${small}) / ${large - small}`,
    ];
    const rows = KINDS.map((kind: Kind) => {
        const k = summary.kinds[kind];
        return [
            KIND_LABELS[kind],
            ...sizes.flatMap((n) => [range(k.up[n], s), kind === "empty" ? "-" : range(k.added[n], signed)]),
            range(k.perFurther, ms),
        ];
    });
    return table(header, rows);
}

function sizeTable(summary: Summary): string[] {
    return table(
        ["Program", "`__provider` bytes", "state bytes per resource"],
        KINDS.filter((kind) => kind !== "empty").map((kind) => {
            const k = summary.kinds[kind];
            return [KIND_LABELS[kind], k.providerBytes === undefined ? "-" : String(k.providerBytes), k.stateBytesPerResource.toFixed(0)];
        }),
    );
}

function waitingTable(points: WaitPoint[], fixedPollSeconds: number): string[] {
    return table(
        [
            "Job length",
            "GETs, JobRetry",
            `GETs, fixed ${fixedPollSeconds} s poll`,
            "detection delay, JobRetry (s)",
            "detection delay, fixed (s)",
        ],
        points.map((p) => [
            `${p.jobSeconds} s`,
            String(p.ours.gets),
            String(p.fixed.gets),
            s(p.ours.detectionDelaySeconds),
            s(p.fixed.detectionDelaySeconds),
        ]),
    );
}

/**
 * @param summary - from {@link summarize}
 * @param waiting - from {@link measureWaiting}, or undefined when not run
 * @param fixedPollSeconds - the period of the waiting baseline
 * @param info - date, command and machine
 */
export function renderReport(
    summary: Summary | undefined,
    waiting: WaitPoint[] | undefined,
    fixedPollSeconds: number,
    info: RunInfo,
): string {
    const out = [
        "# Performance: what a pipeline waits for",
        "",
        "Written by `npm run bench` (bench/run.ts); do not edit by hand. Each `pulumi up` runs through the real CLI",
        "(scripts/engine.sh) against a fresh stack in a local file backend and the Workspace emulator on loopback. The",
        "program has this package installed from its `npm pack` tarball, as users have it. Kinds are interleaved, in a",
        "different order each round; each cell is the median of the rounds, with the smallest and largest in parentheses.",
        '"Added over empty" is paired by round: each run minus the empty program\'s run of the same round and size.',
        "",
        `Run on ${info.date} (\`${info.command}\`). Machine: ${info.machine}.`,
        "",
    ];
    if (summary) {
        out.push(
            `## \`pulumi up\` wall time, ${summary.rounds} round${summary.rounds === 1 ? "" : "s"}`,
            "",
            ...upTable(summary),
            "",
            "![Time added over the empty program](performance.svg)",
            "",
            `Target: what JobRetry adds to the empty program's \`up\` is at most ${MAX_RATIO_OVER_BARE_POST}x what the bare axios POST`,
            "provider adds, at each size (medians; the ratio's range is that of the same-round ratios).",
            "",
            ...table(
                ["Measure", "JobRetry", "bare POST", "ratio (rounds)", "result"],
                summary.targets.map((target) => [
                    `added over empty at N = ${target.n} (s)`,
                    s(target.jobRetryAdded),
                    s(target.barePostAdded),
                    `${s(target.ratio)} (${s(target.rounds.min)} to ${s(target.rounds.max)})`,
                    verdict(target),
                ]),
            ),
            "",
            "The two do different amounts of work per resource: the bare POST sends one request; JobRetry reads",
            "the failed job and the Workspace service (two GETs, in parallel) before its one POST, as",
            "[service-state.md](service-state.md) requires, and registers its documented outputs. Where JobRetry",
            "adds more per resource than the bare POST, that work is what it pays for.",
            "",
            "## Sizes in the state",
            "",
            ...sizeTable(summary),
            "",
        );
    }
    if (waiting) {
        out.push(
            "## Waiting for a job (`waitForCompletion`)",
            "",
            `GET requests and detection delay (from the job's end to the wait noticing it) of JobRetry's poll schedule`,
            `(1 s, x1.5 per poll, at most 30 s, up to 10 % jitter) against a fixed ${fixedPollSeconds} s poll, on a virtual`,
            "clock: every GET is a real request to the emulator, only the waiting costs no real time.",
            "",
            ...waitingTable(waiting, fixedPollSeconds),
            "",
        );
    }
    return out.join("\n");
}
