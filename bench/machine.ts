/**
 * The machine a run measured on, for the report: results are only comparable on the
 * same hardware.
 *
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import * as os from "node:os";

/** What the report says about the machine. */
export interface Machine {
    /** CPUs available to this process (what `nproc` prints). */
    cpus: number;
    cpuModel: string;
    /** Total memory, in GiB. */
    memoryGiB: number;
    os: string;
    node: string;
    curl: string;
    /** Version of @pulumi/pulumi (the dynamic-provider host). */
    pulumiSdk: string;
    /** 1-minute load average when the description was taken: other work on the machine skews timings. */
    loadAverage: number;
}

/** Reads the machine's description. */
export function describeMachine(): Machine {
    let curl = "not found";
    try {
        curl = execFileSync("curl", ["--version"], { encoding: "utf8" }).split("\n")[0].split(" ").slice(0, 2).join(" ");
    } catch {
        // reported as not found
    }
    return {
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        memoryGiB: os.totalmem() / 1024 ** 3,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        node: process.version,
        curl,
        pulumiSdk: (require("@pulumi/pulumi/package.json") as { version: string }).version,
        loadAverage: os.loadavg()[0],
    };
}
