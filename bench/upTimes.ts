/**
 * `pulumi up` wall time through the real CLI, for every kind of program and size: a fresh
 * stack (a new local backend) per run, the kinds interleaved in a different order each
 * round, so that machine noise spreads over all of them alike. Every run is checked against
 * the emulator (one retry POST per resource for the kinds that send one, none otherwise) and
 * against the state it left (N resources of its type).
 *
 * @packageDocumentation
 */
import { readdir, readFile } from "node:fs/promises";
import * as path from "node:path";
import { SETTING_SOURCES } from "../provider/shared/settingSources";
import { randomBytes } from "node:crypto";
import { DEFAULT_PROJECT_ID, DEFAULT_TOKEN, seedFailedJobs, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { LocalStack } from "../scripts/localStack";
import { FAILED_JOB } from "./jobs";
import { Kind, KIND_TYPES, KINDS } from "./program";

/** One `pulumi up`. */
export interface UpRun {
    kind: Kind;
    /** Resources declared. */
    n: number;
    /** Round it ran in (0-based). */
    round: number;
    /** Wall time of the `pulumi up` process, in seconds. */
    seconds: number;
    /** Bytes of the stack's checkpoint file afterwards. */
    stateBytes: number;
    /** Bytes of the first resource's `__provider`, when it has one. */
    providerBytes?: number;
}

/** What to run. */
export interface UpPlan {
    pulumi: string;
    programDir: string;
    sizes: number[];
    rounds: number;
    /** Called after each run, e.g. for progress. */
    onRun?: (run: UpRun, index: number, total: number) => void;
}

/** The stack's checkpoint file (`<state>/.pulumi/stacks/<project>/<stack>.json`). */
async function checkpointFile(stateDir: string): Promise<string> {
    const dir = path.join(stateDir, ".pulumi", "stacks");
    const [project] = await readdir(dir);
    const file = (await readdir(path.join(dir, project))).find((name) => name.endsWith(".json"));
    if (!file) throw new Error(`no checkpoint file under ${dir}/${project}`);
    return path.join(dir, project, file);
}

/** Every environment variable JobRetry reads, emptied, so the developer's shell cannot leak in. */
const CLEARED: Record<string, string> = Object.fromEntries(Object.values(SETTING_SOURCES).flatMap((s) => s.env.map((name) => [name, ""])));

/**
 * A failed registration in a project of its own for each resource: each JobRetry reads its
 * project's Workspace service, stuck on that job, so every one is an independent retry.
 */
function failedProjects(emulator: WorkspaceEmulator, n: number): Array<{ projectId: string; jobId: string }> {
    return Array.from({ length: n }, () => {
        const projectId = randomBytes(16).toString("hex");
        return { projectId, jobId: seedFailedJobs(emulator.store, { projectId })[0].id };
    });
}

async function runOnce(plan: UpPlan, emulator: WorkspaceEmulator, kind: Kind, n: number, round: number): Promise<UpRun> {
    const stack = await LocalStack.create({
        pulumi: plan.pulumi,
        programDir: plan.programDir,
        env: {
            ...CLEARED,
            HW_WORKSPACE_ENDPOINT: emulator.url,
            HW_PROJECT_ID: DEFAULT_PROJECT_ID,
            HW_AUTH_TOKEN: DEFAULT_TOKEN,
            BENCH_KIND: kind,
            BENCH_N: String(kind === "empty" ? 0 : n),
            BENCH_JOB_ID: FAILED_JOB,
            BENCH_TARGETS: JSON.stringify(kind === "jobRetry" ? failedProjects(emulator, n) : []),
            // Type checks on, as \`pulumi new typescript\` has them, whatever the caller's shell says.
            PULUMI_NODEJS_TRANSPILE_ONLY: "false",
        },
    });
    try {
        const before = emulator.jobsCreated;
        const started = process.hrtime.bigint();
        await stack.up();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const posts = emulator.jobsCreated - before;
        const expectedPosts = kind === "barePost" || kind === "jobRetry" ? n : 0;
        if (posts !== expectedPosts) throw new Error(`${kind} N=${n}: expected ${expectedPosts} retries, the emulator counted ${posts}`);
        const text = await readFile(await checkpointFile(stack.stateDir), "utf8");
        const resources = (JSON.parse(text).checkpoint?.latest?.resources ?? []) as Array<{
            type: string;
            inputs?: Record<string, unknown>;
        }>;
        const own = resources.filter((resource) => resource.type === KIND_TYPES[kind]);
        if (own.length !== (kind === "empty" ? 0 : n)) throw new Error(`${kind} N=${n}: the state holds ${own.length} of its resources`);
        const provider = own[0]?.inputs?.__provider;
        return {
            kind,
            n,
            round,
            seconds,
            stateBytes: Buffer.byteLength(text),
            providerBytes: typeof provider === "string" ? Buffer.byteLength(provider) : undefined,
        };
    } finally {
        await stack.remove();
    }
}

/**
 * Runs every kind at every size, `rounds` times; round r starts at kind r (mod 4) and
 * alternates the order of the sizes, so no kind always follows the same one.
 *
 * @param plan - CLI, program and sizes
 */
export async function measureUpTimes(plan: UpPlan): Promise<UpRun[]> {
    const emulator = await WorkspaceEmulator.start({ timing: { initMs: 50, runMs: 100 } });
    const runs: UpRun[] = [];
    const total = plan.rounds * plan.sizes.length * KINDS.length;
    try {
        for (let round = 0; round < plan.rounds; round++) {
            const sizes = round % 2 === 0 ? plan.sizes : [...plan.sizes].reverse();
            for (const n of sizes) {
                for (let k = 0; k < KINDS.length; k++) {
                    const run = await runOnce(plan, emulator, KINDS[(k + round) % KINDS.length], n, round);
                    runs.push(run);
                    plan.onRun?.(run, runs.length, total);
                }
            }
        }
    } finally {
        await emulator.stop();
    }
    return runs;
}
