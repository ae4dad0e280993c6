/**
 * What a bench run measures and with which sizes: the full run (`npm run bench`) and the
 * quick one (`--quick`, used by the smoke test). Every number has its unit in its name.
 *
 * @packageDocumentation
 */
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";

/** The repository root; the bench runs from here, as `npm run bench` does. */
export const REPO_ROOT = path.resolve(__dirname, "..");

/** Everything a run needs to know. */
export interface BenchOptions {
    /** Small sizes, for the smoke test. */
    quick: boolean;
    /** Creates in the headline throughput comparison (the largest of `sweepN`). */
    throughputN: number;
    /** Creates per point of the chart. */
    sweepN: number[];
    /** A fresh host for every N of the sweep (else one host for the whole sweep). */
    freshHostPerN: boolean;
    /** Retries of each kind in the untimed warm-up before the throughput sweep (0: none). */
    warmUpN: number;
    /** Concurrent operations, as the Pulumi CLI would run them. */
    parallel: number;
    /** Where `parallel` came from, for the report. */
    parallelSource: string;
    /** Resources in the approximated state file. */
    stateResources: number;
    /** Creates between two memory samples (sampled after 1x and 2x this). */
    memoryStepCreates: number;
    /** Pause before each memory sample, in milliseconds, so the host settles. */
    memorySettleMs: number;
    /** Emulated lengths (INIT + RUNNING) of the jobs waited for, in seconds. */
    waitJobSeconds: number[];
    /** Poll period of the naive waiting baseline, in seconds. */
    fixedPollSeconds: number;
    /** Directory that receives `performance.svg` (docs/ for a full run, a temp dir for a quick one). */
    outDir: string;
    /** File that receives the results as JSON, if any. */
    jsonFile?: string;
}

/** The Pulumi CLI's default `--parallel`: `PULUMI_PARALLEL`, else 4 x GOMAXPROCS (pulumi/pulumi#15016). */
export function pulumiDefaultParallel(env: NodeJS.ProcessEnv = process.env): { parallel: number; source: string } {
    const fromEnv = Number(env.PULUMI_PARALLEL);
    if (Number.isInteger(fromEnv) && fromEnv > 0) {
        return { parallel: fromEnv, source: "PULUMI_PARALLEL" };
    }
    const cpus = os.availableParallelism();
    return { parallel: 4 * cpus, source: `Pulumi CLI default, 4 x ${cpus} CPUs` };
}

const USAGE = `Usage: ts-node bench/run.ts [--quick] [--parallel N] [--out DIR] [--json FILE]

  --quick        small sizes (N = 10 creates), for the smoke test
  --parallel N   concurrent operations (default: PULUMI_PARALLEL, else 4 x CPUs, as the Pulumi CLI)
  --out DIR      where performance.svg goes (default: docs/, or a temp dir with --quick)
  --json FILE    also write the results as JSON`;

/**
 * Reads the command line.
 *
 * @param argv - arguments after the script name
 */
export function parseOptions(argv: string[]): BenchOptions {
    const { values } = parseArgs({
        args: argv,
        options: {
            quick: { type: "boolean", default: false },
            parallel: { type: "string" },
            out: { type: "string" },
            json: { type: "string" },
            help: { type: "boolean", default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        process.exit(0);
    }
    const quick = values.quick ?? false;
    let { parallel, source } = pulumiDefaultParallel();
    if (values.parallel !== undefined) {
        parallel = Number(values.parallel);
        source = "--parallel";
        if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`--parallel must be a whole number >= 1, got ${values.parallel}`);
    }
    const sweepN = quick ? [5, 10] : [10, 50, 100, 200];
    return {
        quick,
        throughputN: sweepN[sweepN.length - 1],
        sweepN,
        freshHostPerN: !quick,
        warmUpN: quick ? 0 : 50,
        parallel,
        parallelSource: source,
        stateResources: 100,
        memoryStepCreates: quick ? 10 : 100,
        memorySettleMs: quick ? 50 : 1000,
        // Virtual time: the same jobs in both modes, each waited for in milliseconds of real time.
        waitJobSeconds: [5, 60, 600],
        fixedPollSeconds: 15,
        // A quick run must not overwrite the chart of docs/performance.md.
        outDir: path.resolve(values.out ?? (quick ? path.join(os.tmpdir(), "jobretry-bench") : path.join(REPO_ROOT, "docs"))),
        jsonFile: values.json === undefined ? undefined : path.resolve(values.json),
    };
}
