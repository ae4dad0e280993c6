/**
 * `npm run bench`: what a pipeline waits for. `pulumi up` through the real CLI for an empty
 * program, a trivial dynamic provider, a bare POST provider and JobRetry (see ./upTimes), and
 * the waiting cost of `waitForCompletion` (see ./waiting). Writes `performance.md` and
 * `performance.svg` into the output folder (docs/ for a full run) and prints the report.
 *
 *     ts-node bench/run.ts [--quick] [--rounds R] [--sizes 1,30] [--out DIR] [--json FILE] [--skip-up]
 *
 * Needs the package built (`npm run build`: the program installs its tarball) and a
 * Pulumi CLI (`bash scripts/engine.sh`), unless `--skip-up`.
 *
 * @packageDocumentation
 */
import { mkdir, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { findEngine } from "../scripts/findEngine";
import { renderChart } from "./chart";
import { createProgram } from "./program";
import { renderReport } from "./report";
import { summarize, Summary } from "./summary";
import { measureUpTimes, UpRun } from "./upTimes";
import { measureWaiting } from "./waiting";

const REPO_ROOT = path.resolve(__dirname, "..");
/** Emulated lengths of the jobs waited for, in seconds. */
const WAIT_JOB_SECONDS = [5, 60, 600];
/** Period of the naive waiting baseline, in seconds. */
const FIXED_POLL_SECONDS = 15;

const began = Date.now();
const progress = (message: string) => process.stderr.write(`[bench ${((Date.now() - began) / 1000).toFixed(0)} s] ${message}\n`);

function options() {
    const { values } = parseArgs({
        options: {
            quick: { type: "boolean", default: false },
            rounds: { type: "string" },
            sizes: { type: "string" },
            out: { type: "string" },
            json: { type: "string" },
            "skip-up": { type: "boolean", default: false },
        },
    });
    const quick = values.quick ?? false;
    const rounds = Number(values.rounds ?? (quick ? 1 : 7));
    const sizes = (values.sizes ?? (quick ? "1,2" : "1,30")).split(",").map(Number);
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number >= 1, got ${values.rounds}`);
    if (sizes.length < 2 || sizes.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= sizes[i - 1]))) {
        throw new Error(`--sizes must be two or more increasing whole numbers >= 1, e.g. 1,30; got ${values.sizes}`);
    }
    // A quick run must not overwrite the report in docs/.
    const outDir = path.resolve(values.out ?? (quick ? path.join(os.tmpdir(), "jobretry-bench") : path.join(REPO_ROOT, "docs")));
    return { quick, rounds, sizes, outDir, jsonFile: values.json, skipUp: values["skip-up"] ?? false };
}

async function upTable(rounds: number, sizes: number[]): Promise<{ runs: UpRun[]; summary: Summary }> {
    const pulumi = findEngine();
    if (!pulumi) throw new Error("no Pulumi CLI: run `bash scripts/engine.sh` (or pass --skip-up for the waiting cost only)");
    progress(`packing the package into a temporary program; CLI ${pulumi}`);
    const program = await createProgram(REPO_ROOT);
    try {
        const runs = await measureUpTimes({
            pulumi,
            programDir: program.dir,
            sizes,
            rounds,
            onRun: (run, index, total) =>
                progress(`${index}/${total} round ${run.round + 1} ${run.kind} N=${run.n}: ${run.seconds.toFixed(2)} s`),
        });
        return { runs, summary: summarize(runs, sizes) };
    } finally {
        await program.remove();
    }
}

async function main(): Promise<void> {
    const opts = options();
    const load = os.loadavg()[0];
    const up = opts.skipUp ? undefined : await upTable(opts.rounds, opts.sizes);
    progress(`waiting: jobs of ${WAIT_JOB_SECONDS.join(", ")} s on a virtual clock`);
    const emulator = await WorkspaceEmulator.start();
    const waiting = await measureWaiting(emulator, WAIT_JOB_SECONDS, FIXED_POLL_SECONDS).finally(() => emulator.stop());

    const machine = `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${Math.max(load, os.loadavg()[0]).toFixed(2)} (1 min, highest of start and end)`;
    const command = `ts-node bench/run.ts ${process.argv.slice(2).join(" ")}`.trim();
    const markdown = renderReport(up?.summary, waiting, FIXED_POLL_SECONDS, {
        date: new Date().toISOString().slice(0, 10),
        command,
        machine,
    });
    console.log(markdown);
    await mkdir(opts.outDir, { recursive: true });
    await writeFile(path.join(opts.outDir, "performance.md"), markdown);
    if (up) await writeFile(path.join(opts.outDir, "performance.svg"), renderChart(up.summary));
    progress(`report written to ${opts.outDir}`);
    if (opts.jsonFile) {
        await writeFile(path.resolve(opts.jsonFile), JSON.stringify({ runs: up?.runs, summary: up?.summary, waiting }, null, 2) + "\n");
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
});
