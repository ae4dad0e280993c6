/**
 * Throughput of create: N JobRetry creates (Check + Create, as the engine sends them)
 * through the real dynamic-provider host against N `curl` processes (the `local.Command`
 * way), both at the same parallelism and against the same emulator. Connections are
 * counted on the emulator's side.
 *
 * One-off costs are kept apart: starting and configuring the host, and the first create
 * (which loads the implementation), happen once per deployment and are reported on their
 * own; the timed run is the steady state of a running host, started in the repository.
 *
 * @packageDocumentation
 */
import { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import type { ProviderHost } from "../test/support/providerHost";
import { checkAndCreate, FAILED_JOB, startConfiguredHost } from "./benchHost";
import { countConnections } from "./connections";
import { childrenCpuMs, ownCpuMs, processCpuMs } from "./cpu";
import { curlRetry } from "./curlBaseline";
import { REPO_ROOT } from "./options";
import { runPool } from "./pool";

/** One side of one throughput measurement. */
export interface ThroughputRun {
    /** Retries asked for. */
    n: number;
    /** Wall time of the N retries, in seconds. */
    seconds: number;
    /** Retries per second. */
    perSecond: number;
    /** Distinct TCP connections that carried the N requests. */
    connections: number;
    /** TCP connections the emulator accepted during the run. */
    connectionsOpened: number;
    /** CPU time per retry, in milliseconds. */
    cpuMsPerRetry: {
        /** Of what does the retry: the provider host (ours) or the shells and curls (baseline). */
        provider: number;
        /** Of the bench process: the emulator plus the driver (engine stand-in, or spawning). */
        bench: number;
    };
}

/** Ours: the timed run plus the one-off costs of its host. */
export interface OursRun extends ThroughputRun {
    /** Spawning and configuring the host, in seconds. */
    hostStartSeconds: number;
    /** The first Check + Create (loads the implementation), in seconds. */
    firstCreateSeconds: number;
}

/** Ours and the baseline at one N. */
export interface ThroughputPoint {
    n: number;
    ours: OursRun;
    curl: ThroughputRun;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/**
 * @param providerCpuMs - reads the CPU time used so far by whatever does the retries
 */
async function timed(
    emulator: WorkspaceEmulator,
    n: number,
    parallel: number,
    retry: () => Promise<unknown>,
    providerCpuMs: () => number,
): Promise<ThroughputRun> {
    emulator.reset();
    const connections = countConnections(emulator);
    const providerBefore = providerCpuMs();
    const benchBefore = ownCpuMs();
    let elapsedMs: number;
    try {
        elapsedMs = (await runPool(n, parallel, retry)).elapsedMs;
    } finally {
        connections.stop();
    }
    const cpuMsPerRetry = { provider: (providerCpuMs() - providerBefore) / n, bench: (ownCpuMs() - benchBefore) / n };
    if (emulator.jobsCreated !== n) {
        throw new Error(`expected ${n} retries to reach the emulator, it counted ${emulator.jobsCreated}`);
    }
    const s = elapsedMs / 1000;
    return { n, seconds: s, perSecond: n / s, connections: connections.used, connectionsOpened: connections.opened, cpuMsPerRetry };
}

/** A configured host that has done its first create, with the one-off costs it took. */
interface WarmHost {
    host: ProviderHost;
    hostStartSeconds: number;
    firstCreateSeconds: number;
}

async function startWarmHost(emulator: WorkspaceEmulator, provider: string, cwd: string): Promise<WarmHost> {
    let started = process.hrtime.bigint();
    const host = await startConfiguredHost(emulator, cwd);
    const hostStartSeconds = seconds(started);
    try {
        started = process.hrtime.bigint();
        await checkAndCreate(host, { jobId: FAILED_JOB, __provider: provider });
        return { host, hostStartSeconds, firstCreateSeconds: seconds(started) };
    } catch (error) {
        await host.stop();
        throw error;
    }
}

/** N Check + Create steps through a warm host. */
async function measureOurs(emulator: WorkspaceEmulator, warm: WarmHost, provider: string, n: number, parallel: number): Promise<OursRun> {
    const inputs = { jobId: FAILED_JOB, __provider: provider };
    const run = await timed(
        emulator,
        n,
        parallel,
        () => checkAndCreate(warm.host, inputs),
        () => processCpuMs(warm.host.pid),
    );
    return { ...run, hostStartSeconds: warm.hostStartSeconds, firstCreateSeconds: warm.firstCreateSeconds };
}

/** N `sh -c "curl ..."` processes. */
function measureCurl(emulator: WorkspaceEmulator, n: number, parallel: number): Promise<ThroughputRun> {
    return timed(emulator, n, parallel, () => curlRetry(emulator, FAILED_JOB), childrenCpuMs);
}

/** How the sweep runs. */
export interface SweepOptions {
    /** The Ns of the chart; the last is the headline. */
    sweepN: number[];
    /** Operations in flight at once, for both sides. */
    parallel: number;
    /** A fresh host (started and warmed by one create) for every N, else one for the whole sweep. */
    freshHostPerN: boolean;
    /** Retries of each kind in an untimed warm-up of the bench process itself (0: none). */
    warmUpN: number;
}

/**
 * Both sides at every N, side by side in one run (curl right after ours at each N).
 *
 * @param emulator - the API
 * @param provider - the `__provider` text (hosts run with cwd = the repository)
 * @param options - sizes and parallelism
 */
export async function measureThroughput(emulator: WorkspaceEmulator, provider: string, options: SweepOptions): Promise<ThroughputPoint[]> {
    const cwd = REPO_ROOT;
    const { parallel } = options;
    let shared: WarmHost | undefined;
    try {
        if (options.warmUpN > 0) {
            const warm = await startWarmHost(emulator, provider, cwd);
            await measureOurs(emulator, warm, provider, options.warmUpN, parallel).finally(() => warm.host.stop());
            await measureCurl(emulator, options.warmUpN, parallel);
        }
        const points: ThroughputPoint[] = [];
        for (const n of options.sweepN) {
            const warm = options.freshHostPerN
                ? await startWarmHost(emulator, provider, cwd)
                : (shared ??= await startWarmHost(emulator, provider, cwd));
            try {
                const ours = await measureOurs(emulator, warm, provider, n, parallel);
                const curl = await measureCurl(emulator, n, parallel);
                points.push({ n, ours, curl });
            } finally {
                if (warm !== shared) await warm.host.stop();
            }
        }
        return points;
    } finally {
        await shared?.host.stop();
    }
}
