/**
 * `npm run bench`: what a JobRetry costs against what users would otherwise write, measured
 * side by side in one run against the Workspace emulator on loopback. Prints a markdown
 * table on stdout (progress goes to stderr) and writes the chart to `<out>/performance.svg`.
 *
 *     ts-node bench/run.ts [--quick] [--parallel N] [--out DIR] [--json FILE]
 *
 * Needs the package built (`npm run build`): the host loads `dist/`.
 *
 * @packageDocumentation
 */
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { startConfiguredHost } from "./benchHost";
import { renderChart } from "./chart";
import { describeMachine } from "./machine";
import { measureMemory, MemoryResult } from "./memory";
import { parseOptions, REPO_ROOT } from "./options";
import { renderReport } from "./report";
import type { BenchResults } from "./results";
import { captureByValueProvider, InstalledRun, measureInstalled, measureSizes, SizeResult } from "./serializedSize";
import { measureThroughput, ThroughputPoint } from "./throughput";
import { measureWaiting, WaitPoint } from "./waiting";

const began = Date.now();
const progress = (message: string) => process.stderr.write(`[bench ${((Date.now() - began) / 1000).toFixed(1)} s] ${message}\n`);

async function main(): Promise<void> {
    const options = parseOptions(process.argv.slice(2));
    // Pulumi serializes by value or by reference depending on paths relative to the cwd.
    process.chdir(REPO_ROOT);
    const startedAt = new Date().toISOString();
    const machine = describeMachine();
    progress(`${options.quick ? "quick" : "full"} run, P = ${options.parallel} (${options.parallelSource})`);

    const emulator = await WorkspaceEmulator.start();
    let sizes: SizeResult;
    let memory: MemoryResult;
    let throughput: ThroughputPoint[];
    let installed: Promise<InstalledRun> | undefined;
    try {
        // Packing, capturing in a fresh process and a host in the temporary program are slow
        // and only need the CPU: overlap them with steps whose numbers do not depend on CPU time.
        progress("installed copy (npm pack, capture, host) in the background");
        installed = measureInstalled(emulator, REPO_ROOT);
        installed.catch(() => undefined);
        progress("capturing __provider (by value)");
        const byValueText = await captureByValueProvider();
        progress("starting a host; memory at idle and after creates");
        const host = await startConfiguredHost(emulator, REPO_ROOT);
        try {
            memory = await measureMemory(host, byValueText, options.memoryStepCreates, options.parallel, options.memorySettleMs);
            progress("sizes: installed copy, naive providers, state files");
            sizes = await measureSizes(emulator, host, byValueText, await installed, options.stateResources);
        } finally {
            await host.stop();
        }
        progress(`throughput: N = ${options.sweepN.join(", ")}, host vs curl`);
        throughput = await measureThroughput(emulator, byValueText, options);
    } finally {
        // On a failure, let the background work finish (it removes its temporary program).
        await installed?.catch(() => undefined);
        await emulator.stop();
    }

    progress(`waiting: jobs of ${options.waitJobSeconds.join(", ")} s on a virtual clock`);
    const waitEmulator = await WorkspaceEmulator.start();
    let waiting: WaitPoint[];
    try {
        waiting = await measureWaiting(waitEmulator, options.waitJobSeconds, options.fixedPollSeconds);
    } finally {
        await waitEmulator.stop();
    }

    const results: BenchResults = {
        startedAt,
        quick: options.quick,
        machine: { ...machine, loadAverage: Math.max(machine.loadAverage, describeMachine().loadAverage) },
        parallel: options.parallel,
        parallelSource: options.parallelSource,
        sizes,
        throughput,
        waiting,
        fixedPollSeconds: options.fixedPollSeconds,
        memory,
    };
    const { markdown } = renderReport(results);
    console.log(markdown);

    await mkdir(options.outDir, { recursive: true });
    const chartFile = path.join(options.outDir, "performance.svg");
    await writeFile(chartFile, renderChart(throughput, options.parallel));
    progress(`chart written to ${chartFile.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, chartFile) : chartFile}`);
    if (options.jsonFile) {
        await mkdir(path.dirname(options.jsonFile), { recursive: true });
        await writeFile(options.jsonFile, JSON.stringify(results, null, 2) + "\n");
        progress(`results written to ${options.jsonFile}`);
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
});
