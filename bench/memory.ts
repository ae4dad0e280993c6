/**
 * Memory of the provider host: resident set size (VmRSS from /proc/<pid>/status) when idle
 * after Configure and one Check, and after 1x and 2x `step` creates. The host cannot be
 * told to collect garbage, so the numbers are raw and judged with a tolerance.
 *
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import type { ProviderHost } from "../test/support/providerHost";
import { checkAndCreate, FAILED_JOB } from "./benchHost";
import { runPool } from "./pool";

/** Resident memory of the host at three moments, in MiB. */
export interface MemoryResult {
    /** Creates between samples. */
    step: number;
    idleMiB: number;
    afterStepMiB: number;
    afterTwoStepsMiB: number;
}

/**
 * Resident set size of a process in MiB, from /proc (Linux).
 *
 * @param pid - the process
 */
export function rssMiB(pid: number): number {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    if (!match) throw new Error(`no VmRSS for process ${pid}`);
    return Number(match[1]) / 1024;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Samples a host that has just been configured and has served nothing yet.
 *
 * @param host - a fresh, configured host
 * @param provider - the `__provider` text to create with
 * @param step - creates between samples
 * @param parallel - creates in flight at once
 * @param settleMs - pause before each sample
 */
export async function measureMemory(
    host: ProviderHost,
    provider: string,
    step: number,
    parallel: number,
    settleMs: number,
): Promise<MemoryResult> {
    const inputs = { jobId: FAILED_JOB, __provider: provider };
    await host.check({}, inputs);
    await settle(settleMs);
    const idleMiB = rssMiB(host.pid);
    await runPool(step, parallel, () => checkAndCreate(host, inputs));
    await settle(settleMs);
    const afterStepMiB = rssMiB(host.pid);
    await runPool(step, parallel, () => checkAndCreate(host, inputs));
    await settle(settleMs);
    const afterTwoStepsMiB = rssMiB(host.pid);
    return { step, idleMiB, afterStepMiB, afterTwoStepsMiB };
}
