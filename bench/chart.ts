/**
 * The chart of the report, as hand-written SVG: retries per second against N for ours
 * (steady state, and with the one-off host start counted in) and for curl.
 *
 * @packageDocumentation
 */
import type { ThroughputPoint } from "./throughput";

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { top: 56, right: 200, bottom: 56, left: 72 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

interface Series {
    label: string;
    color: string;
    dash?: string;
    values: number[];
}

/** Smallest vertical distance between two value labels at the same N, in pixels. */
const LABEL_GAP = 13;

/**
 * Where each value label goes (baseline y), per series and point: above its point if free,
 * else below, else further out, so that labels of close points do not overlap.
 */
function placeLabels(series: Series[], y: (v: number) => number): number[][] {
    const placed = series.map(() => [] as number[]);
    const points = series[0]?.values.length ?? 0;
    for (let i = 0; i < points; i++) {
        const taken: number[] = [];
        const order = series.map((_, index) => index).sort((a, b) => series[b].values[i] - series[a].values[i]);
        for (const index of order) {
            const py = y(series[index].values[i]);
            const candidates = [py - 8, py + 17, py - 8 - LABEL_GAP, py + 17 + LABEL_GAP, py - 8 - 2 * LABEL_GAP];
            const free = candidates.find((c) => taken.every((t) => Math.abs(t - c) >= LABEL_GAP)) ?? candidates[0];
            taken.push(free);
            placed[index][i] = free;
        }
    }
    return placed;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A round axis maximum at or above `value` (a power of ten times 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8). */
function niceCeiling(value: number): number {
    if (!(value > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

/**
 * @param points - one per N, from the throughput benchmark
 * @param parallel - the parallelism used, for the title
 */
export function renderChart(points: ThroughputPoint[], parallel: number): string {
    const ns = points.map((point) => point.n);
    const series: Series[] = [
        { label: "JobRetry, host up", color: "#1f77b4", values: points.map((p) => p.ours.perSecond) },
        {
            label: "JobRetry + host start",
            color: "#1f77b4",
            dash: "6 4",
            values: points.map((p) => p.n / (p.ours.seconds + p.ours.hostStartSeconds + p.ours.firstCreateSeconds)),
        },
        { label: "curl (local.Command)", color: "#d62728", values: points.map((p) => p.curl.perSecond) },
    ];
    const maxN = Math.max(...ns);
    const maxY = niceCeiling(Math.max(...series.flatMap((s) => s.values)) * 1.05);
    const x = (n: number) => Math.round((MARGIN.left + (n / maxN) * PLOT_W) * 10) / 10;
    const y = (v: number) => Math.round((MARGIN.top + PLOT_H - (v / maxY) * PLOT_H) * 10) / 10;
    const labelY = placeLabels(series, y);
    const out: string[] = [];
    out.push(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    );
    out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
    out.push(
        `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">Retries per second against N (P = ${parallel}, loopback emulator)</text>`,
    );
    for (let i = 0; i <= 5; i++) {
        const value = (maxY * i) / 5;
        out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${y(value)}" y2="${y(value)}" stroke="#e0e0e0"/>`);
        out.push(`<text x="${MARGIN.left - 8}" y="${y(value) + 4}" text-anchor="end">${Number(value.toPrecision(3))}</text>`);
    }
    for (const n of ns) {
        out.push(`<line x1="${x(n)}" x2="${x(n)}" y1="${MARGIN.top + PLOT_H}" y2="${MARGIN.top + PLOT_H + 5}" stroke="#333"/>`);
        out.push(`<text x="${x(n)}" y="${MARGIN.top + PLOT_H + 20}" text-anchor="middle">${n}</text>`);
    }
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_H}" stroke="#333"/>`);
    out.push(
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${MARGIN.top + PLOT_H}" y2="${MARGIN.top + PLOT_H}" stroke="#333"/>`,
    );
    out.push(`<text x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 14}" text-anchor="middle">N (retries in one run)</text>`);
    out.push(`<text transform="translate(18 ${MARGIN.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">retries per second</text>`);
    series.forEach((s, index) => {
        const coords = s.values.map((v, i) => `${x(ns[i]).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
        const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : "";
        out.push(
            `<polyline data-series="${escapeXml(s.label)}" points="${coords}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`,
        );
        s.values.forEach((v, i) => {
            out.push(`<circle cx="${x(ns[i]).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
            out.push(
                `<text x="${x(ns[i]).toFixed(1)}" y="${labelY[index][i].toFixed(1)}" text-anchor="middle" fill="${s.color}">${Math.round(v)}</text>`,
            );
        });
        const ly = MARGIN.top + 10 + index * 22;
        const lx = MARGIN.left + PLOT_W + 16;
        out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
        out.push(`<text x="${lx + 30}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
    });
    out.push("</svg>");
    return out.join("\n") + "\n";
}
