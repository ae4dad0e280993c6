/**
 * Finds a usable `pulumi` CLI without building one: `scripts/engine.sh --no-build` prints its
 * path as the last line of stdout, and exits non-zero when there is none on PATH or in the
 * cache. Shared by the benchmark and the CLI tests.
 *
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** The absolute path of a usable `pulumi`, or undefined when none is available yet. */
export function findEngine(): string | undefined {
    try {
        const out = execFileSync("bash", [path.join(__dirname, "engine.sh"), "--no-build"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        return out.trim().split("\n").pop() || undefined;
    } catch {
        return undefined;
    }
}
