/**
 * Test support: reading processes from /proc (Linux), to find and kill what a `pulumi`
 * command started.
 *
 * @packageDocumentation
 */
import { readdirSync, readFileSync } from "node:fs";

/**
 * The fields of `/proc/<pid>/stat` after the command name, which may hold spaces and
 * parentheses (so the text is read after the last ")"): `[0]` is the state, `[1]` the parent
 * pid, `[19]` the start time. `undefined` where there is no /proc or no such process.
 *
 * @param pid - the process
 */
export function procStat(pid: number | string): string[] | undefined {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    } catch {
        return undefined;
    }
}

/** When a process started (clock ticks since boot), to tell it from a later one with its pid. */
export function startTimeOf(pid: number): string | undefined {
    return procStat(pid)?.[19];
}

/** Every process below `root`, read from /proc. */
export function descendantsOf(root: number): number[] {
    const parents = new Map<number, number>();
    for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
        const fields = procStat(entry);
        if (fields) parents.set(Number(entry), Number(fields[1]));
    }
    const found: number[] = [];
    const visit = (pid: number) => {
        for (const [child, parent] of parents) {
            if (parent === pid) {
                found.push(child);
                visit(child);
            }
        }
    };
    visit(root);
    return found;
}
