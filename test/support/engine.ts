/**
 * Finds the Pulumi engine for the end-to-end suites, without building one.
 *
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A usable `pulumi` (PATH or the cache of `scripts/engine.sh`), or undefined. */
export function availableEngine(): string | undefined {
    try {
        const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "engine.sh"), "--no-build"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        return out.trim().split("\n").pop() || undefined;
    } catch {
        return undefined;
    }
}

/**
 * The engine, or a skip of the calling suite when there is none; with
 * `REQUIRE_ENGINE_TESTS=1` (CI) a missing engine fails instead.
 *
 * @param context - the mocha `before` hook's `this`
 */
export function engineOrSkip(context: Mocha.Context): string {
    const pulumi = availableEngine();
    if (pulumi) return pulumi;
    if (process.env.REQUIRE_ENGINE_TESTS === "1") {
        throw new Error("REQUIRE_ENGINE_TESTS=1 but no Pulumi engine is available: run `bash scripts/engine.sh` first");
    }
    console.log("    SKIPPED: no Pulumi engine on PATH or in the cache; `bash scripts/engine.sh` builds one (CI always does).");
    context.skip();
}
