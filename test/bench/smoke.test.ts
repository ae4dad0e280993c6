/// <reference types="mocha" />
// A tiny run of the benchmark (`bench/run.ts --quick`: one round, N = 1 and 2) in a child
// process, so that the bench cannot rot. The bench checks each run itself (the emulator must
// have received one retry POST per resource of the kinds that send one, the state must hold
// N resources of the kind); this test checks that every kind and size was measured, that the
// numbers are sane, and that the report and chart are written. Without a Pulumi CLI only the
// waiting part runs, unless REQUIRE_ENGINE_TESTS=1. The full bench (`npm run bench`) is not
// part of `npm test`.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { KIND_LABELS, KINDS } from "../../bench/program";
import type { Summary } from "../../bench/summary";
import type { UpRun } from "../../bench/upTimes";
import type { WaitPoint } from "../../bench/waiting";
import { findEngine } from "../../scripts/findEngine";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

interface Results {
    runs?: UpRun[];
    summary?: Summary;
    waiting: WaitPoint[];
}

describe("bench: quick smoke run", function () {
    this.timeout(600_000);
    const engine = findEngine();
    let outDir: string;
    let markdown: string;
    let results: Results;

    before(async () => {
        if (!engine && process.env.REQUIRE_ENGINE_TESTS === "1") {
            throw new Error("REQUIRE_ENGINE_TESTS=1 but no Pulumi engine is available: run `bash scripts/engine.sh` first");
        }
        outDir = await mkdtemp(path.join(os.tmpdir(), "bench-smoke-"));
        const json = path.join(outDir, "results.json");
        const args = [
            "-r",
            "ts-node/register",
            "bench/run.ts",
            "--quick",
            "--out",
            outDir,
            "--json",
            json,
            ...(engine ? [] : ["--skip-up"]),
        ];
        await promisify(execFile)(process.execPath, args, {
            cwd: REPO_ROOT,
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
            maxBuffer: 16 * 1024 * 1024,
        });
        markdown = await readFile(path.join(outDir, "performance.md"), "utf8");
        results = JSON.parse(await readFile(json, "utf8")) as Results;
    });

    after(async () => {
        if (outDir) await rm(outDir, { recursive: true, force: true });
    });

    it("measures the waiting cost of 5 s, 60 s and 600 s jobs against a fixed poll", () => {
        expect(results.waiting.map((point) => point.jobSeconds)).to.deep.equal([5, 60, 600]);
        for (const point of results.waiting) {
            expect(point.ours.phase).to.equal("succeeded");
            expect(point.ours.gets).to.be.within(1, 30);
            expect(point.fixed.gets).to.be.at.least(1);
            expect(point.ours.detectionDelaySeconds).to.be.within(0, 30);
        }
        expect(markdown).to.include("## Waiting for a job");
    });

    describe("pulumi up through the real CLI", () => {
        before(function () {
            if (!engine) {
                console.log("    SKIPPED: no Pulumi engine on PATH or in the cache; `bash scripts/engine.sh` builds one (CI always does).");
                this.skip();
            }
        });

        it("ran every kind at N = 1 and 2, each `up` taking a real time", () => {
            const runs = results.runs!;
            expect(runs).to.have.length(KINDS.length * 2);
            for (const kind of KINDS) {
                expect(runs.filter((run) => run.kind === kind).map((run) => run.n)).to.have.members([1, 2]);
            }
            for (const run of runs) expect(run.seconds, `${run.kind} N=${run.n}`).to.be.within(0.2, 300);
        });

        it("reports added time, per-resource time, the ratio at each size and state sizes", () => {
            const summary = results.summary!;
            expect(summary.targets.map((target) => target.n)).to.deep.equal([1, 2]);
            for (const target of summary.targets) expect(target.ratio).to.satisfy(Number.isFinite);
            const { jobRetry, barePost, trivial } = summary.kinds;
            // Both serialized providers are in the state. JobRetry's is a few arrows that require()
            // the package by name: a couple of kilobytes, the same text in every layout.
            expect(jobRetry.providerBytes).to.be.within(1000, 4096);
            expect(barePost.providerBytes).to.be.above(100);
            for (const k of [jobRetry, barePost, trivial]) expect(k.stateBytesPerResource, k.kind).to.be.above(100);
            for (const kind of KINDS) expect(markdown).to.include(`| ${KIND_LABELS[kind]} |`);
            expect(markdown).to.match(
                /\| added over empty at N = 1 \(s\) \| -?\d+\.\d\d \| -?\d+\.\d\d \| -?\d+\.\d\d \([^)]*\) \| (PASS|FAIL|no verdict: [^|]*)[^|]* \|/,
            );
        });

        it("draws one bar per provider kind and size", async () => {
            const svg = await readFile(path.join(outDir, "performance.svg"), "utf8");
            expect(svg).to.match(/^<svg /);
            expect(svg.match(/<rect data-bar=/g)).to.have.length(6);
        });
    });
});
