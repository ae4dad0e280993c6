/// <reference types="mocha" />
// A small run of the benchmark (`bench/run.ts --quick`) in a child process, so that the
// bench cannot rot: every row of its table is there and its numbers are sane. The full
// bench (`npm run bench`) is not part of `npm test`.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import type { Row } from "../../bench/report";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Every row the report must have, by its "Measure" cell. */
const ROWS: RegExp[] = [
    /^`__provider` bytes, installed in node_modules$/,
    /^`__provider` bytes, by value \(repo symlink\)$/,
    /^`__provider` bytes, naive axios instance at module level$/,
    /^State bytes, \d+ resources, installed$/,
    /^State bytes, \d+ resources, by value$/,
    /^Token captured in `__provider` \(state\)$/,
    /^Creates through the real host$/,
    /^Create throughput, N=\d+, P=\d+ \(retries\/s\)$/,
    /^Wall time of \d+ retries \(s\)$/,
    /^CPU per retry: provider host vs sh \+ curl \(ms\)$/,
    /^CPU per retry: bench process, emulator \+ driver \(ms\)$/,
    /^TCP connections used for \d+ retries$/,
    /^Host start \+ Configure, once per deployment \(s\)$/,
    /^First create \(loads the implementation\), once per host \(s\)$/,
    ...[5, 60, 600].flatMap((s) => [
        new RegExp(`^Waiting, ${s} s job: GETs$`),
        new RegExp(`^Waiting, ${s} s job: detection delay \\(s\\)$`),
        new RegExp(`^Waiting, ${s}-${s + 30} s jobs: mean detection delay \\(s\\)$`),
    ]),
    /^Host RSS idle, after Configure \+ Check \(MiB\)$/,
    /^Host RSS after \d+ creates \(MiB\)$/,
    /^RSS growth over idle after \d+ creates \(MiB\)$/,
    /^RSS growth from \d+ to \d+ creates \(MiB\)$/,
];

/** Rows whose numbers may be zero or negative: differences, delays that can be exact, CPU in 10 ms ticks. */
const MAY_BE_ZERO_OR_LESS = [/^RSS growth/, /detection delay/, /^CPU per retry/];

function parseTable(markdown: string): Row[] {
    return markdown
        .split("\n")
        .filter((line) => line.startsWith("| ") && !line.startsWith("| Measure |"))
        .map((line) => {
            const cells = line.slice(2, -2).split(" | ");
            const [measure, ours, baseline, ratio, target, result] = cells;
            return { measure, ours, baseline, ratio, target, result };
        });
}

/** The number in a cell ("1,859", "47.5"), or undefined for text cells ("-", "yes", "fails: ..."). */
function numberIn(cell: string): number | undefined {
    return /^-?[\d,]+(\.\d+)?$/.test(cell) ? Number(cell.replace(/,/g, "")) : undefined;
}

describe("bench: quick smoke run", function () {
    this.timeout(180_000);
    let outDir: string;
    let stdout: string;
    let rows: Row[];

    before(async () => {
        outDir = await mkdtemp(path.join(os.tmpdir(), "bench-smoke-"));
        const run = await promisify(execFile)(
            process.execPath,
            ["-r", "ts-node/register", "bench/run.ts", "--quick", "--out", outDir, "--json", path.join(outDir, "results.json")],
            { cwd: REPO_ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" }, maxBuffer: 16 * 1024 * 1024 },
        );
        stdout = run.stdout;
        rows = parseTable(stdout);
    });

    after(async () => {
        if (outDir) await rm(outDir, { recursive: true, force: true });
    });

    it("prints every row of the table, once", () => {
        for (const pattern of ROWS) {
            expect(
                rows.filter((row) => pattern.test(row.measure)).map((row) => row.measure),
                String(pattern),
            ).to.have.length.greaterThan(0);
        }
        expect(rows).to.have.length(ROWS.length + 1); // "Host RSS after N creates" appears twice
    });

    it("has positive numbers where it measured something", () => {
        let checked = 0;
        for (const row of rows) {
            for (const cell of [row.ours, row.baseline]) {
                const value = numberIn(cell);
                if (value === undefined) continue;
                checked += 1;
                expect(Number.isFinite(value), `${row.measure}: ${cell}`).to.equal(true);
                if (MAY_BE_ZERO_OR_LESS.some((pattern) => pattern.test(row.measure))) {
                    if (!/^RSS growth/.test(row.measure)) expect(value, `${row.measure}: ${cell}`).to.be.at.least(0);
                } else {
                    expect(value, `${row.measure}: ${cell}`).to.be.above(0);
                }
            }
        }
        expect(checked).to.be.above(25);
        const ours = (pattern: RegExp) => numberIn(rows.find((row) => pattern.test(row.measure))!.ours);
        expect(ours(/^`__provider` bytes, installed/)).to.be.above(0);
        expect(ours(/^Create throughput/)).to.be.above(0);
        expect(ours(/^Waiting, 600 s job: GETs$/)).to.be.above(0);
        expect(ours(/^Host RSS idle/)).to.be.above(0);
    });

    it("sums up every target as PASS or FAIL", () => {
        const targets = stdout.split("\n").filter((line) => /^- (PASS|FAIL) /.test(line));
        expect(targets).to.have.length(6);
    });

    it("writes the chart and the JSON results", async () => {
        const svg = await readFile(path.join(outDir, "performance.svg"), "utf8");
        expect(svg).to.match(/^<svg /);
        expect(svg.match(/<polyline /g)).to.have.length(3);
        const results = JSON.parse(await readFile(path.join(outDir, "results.json"), "utf8"));
        expect(results.quick).to.equal(true);
        expect(results.throughput.length).to.be.above(0);
    });
});
