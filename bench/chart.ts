/**
 * docs/performance.svg: for each provider kind, the median time its resources add to
 * `pulumi up` over the empty program, one bar per size, with the spread of the rounds as a
 * whisker.
 *
 * @packageDocumentation
 */
import { KIND_LABELS } from "./program";
import type { Summary } from "./summary";

const WIDTH = 720;
const ROW = 26;
const LEFT = 270;
const RIGHT = 60;
const TOP = 48;
const COLORS = ["#9ecae1", "#3182bd", "#08519c"];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** @param summary - from {@link summarize} */
export function renderChart(summary: Summary): string {
    const kinds = (["trivial", "barePost", "jobRetry"] as const).map((kind) => summary.kinds[kind]);
    const bars = kinds.flatMap((k) => summary.sizes.map((n, i) => ({ label: KIND_LABELS[k.kind], n, i, value: k.added[n] })));
    const maxValue = Math.max(...bars.map((bar) => bar.value.max), 0.1);
    const plotW = WIDTH - LEFT - RIGHT;
    const x = (v: number) => (LEFT + (Math.max(0, v) / maxValue) * plotW).toFixed(1);
    const groupH = summary.sizes.length * ROW + 14;
    const height = TOP + kinds.length * groupH + 40;
    const out = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
        `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
        `<text x="16" y="24" font-size="15" font-weight="bold">Time added to pulumi up over the empty program (s), median of ${summary.rounds}</text>`,
    ];
    bars.forEach((bar, index) => {
        const group = Math.floor(index / summary.sizes.length);
        const y = TOP + group * groupH + bar.i * ROW;
        if (bar.i === 0) out.push(`<text x="16" y="${y + ROW - 8}" font-weight="bold">${escapeXml(bar.label)}</text>`);
        out.push(`<text x="${LEFT - 8}" y="${y + ROW - 8}" text-anchor="end">N = ${bar.n}</text>`);
        out.push(
            `<rect data-bar="${escapeXml(bar.label)} N=${bar.n}" x="${LEFT}" y="${y + 4}" width="${(Number(x(bar.value.median)) - LEFT).toFixed(1)}" height="${ROW - 8}" fill="${COLORS[bar.i % COLORS.length]}"/>`,
        );
        out.push(`<line x1="${x(bar.value.min)}" x2="${x(bar.value.max)}" y1="${y + ROW / 2}" y2="${y + ROW / 2}" stroke="#333"/>`);
        out.push(`<text x="${Number(x(bar.value.max)) + 6}" y="${y + ROW - 8}">${bar.value.median.toFixed(2)}</text>`);
    });
    const axisY = height - 28;
    out.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${axisY}" y2="${axisY}" stroke="#333"/>`);
    for (let i = 0; i <= 4; i++) {
        const v = (maxValue * i) / 4;
        out.push(`<text x="${x(v)}" y="${axisY + 16}" text-anchor="middle">${v.toFixed(2)}</text>`);
    }
    out.push("</svg>");
    return out.join("\n") + "\n";
}
