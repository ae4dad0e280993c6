/**
 * The Pulumi engine for the end-to-end suites, or a skip of the suite when there is none.
 *
 * @packageDocumentation
 */
import { findEngine } from "../../scripts/findEngine";

/**
 * The engine (PATH or the cache of `scripts/engine.sh`, never a build), or a skip of the
 * calling suite when there is none; with `REQUIRE_ENGINE_TESTS=1` (CI) a missing engine
 * fails instead.
 *
 * @param context - the mocha `before` hook's `this`
 */
export function engineOrSkip(context: Mocha.Context): string {
    const pulumi = findEngine();
    if (pulumi) return pulumi;
    if (process.env.REQUIRE_ENGINE_TESTS === "1") {
        throw new Error("REQUIRE_ENGINE_TESTS=1 but no Pulumi engine is available: run `bash scripts/engine.sh` first");
    }
    console.log("    SKIPPED: no Pulumi engine on PATH or in the cache; `bash scripts/engine.sh` builds one (CI always does).");
    context.skip();
}
