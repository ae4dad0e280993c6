/**
 * CPU time, which depends much less than wall time on what else the machine is doing:
 * of one process (the provider host), and of this process's reaped children (the shells
 * and curls of the baseline), read from /proc (Linux).
 *
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

function clockTicks(): number {
    if (ticksPerSecond === undefined) {
        try {
            ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
        } catch {
            ticksPerSecond = 100;
        }
    }
    return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces), from field 3 on. */
function statFields(pid: number | "self"): string[] {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

/**
 * User + system CPU time a process has used so far, in milliseconds.
 *
 * @param pid - the process
 */
export function processCpuMs(pid: number): number {
    const fields = statFields(pid);
    // utime and stime are fields 14 and 15 of stat(5); the array starts at field 3.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/** User + system CPU time of this process's terminated, reaped children (and theirs), in milliseconds. */
export function childrenCpuMs(): number {
    const fields = statFields("self");
    // cutime and cstime are fields 16 and 17.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks();
}

/** User + system CPU time of this process, in milliseconds. */
export function ownCpuMs(): number {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
}
