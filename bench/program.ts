/**
 * The Pulumi program the benchmark runs `pulumi up` on, in a temporary folder, with this
 * package installed the way users have it: the `npm pack` tarball unpacked into its
 * `node_modules`, so the program loads the same files, from the same place, as theirs does.
 * `@pulumi` is a real copy too, so the closure serializer resolves the package from inside the program;
 * every other dependency is a symlink into this repository's `node_modules`.
 *
 * A TypeScript program, run by ts-node with type checks as `pulumi new typescript` sets it
 * up, that declares `BENCH_N` resources of kind `BENCH_KIND`, so a run is chosen by its
 * environment. (It is what most users run; in a plain JavaScript program every kind would also
 * pay for loading the TypeScript compiler, which Pulumi's closure serializer uses.)
 *
 * @packageDocumentation
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What a run declares: nothing, or N resources of one kind. */
export const KINDS = ["empty", "trivial", "barePost", "jobRetry"] as const;
/** One of {@link KINDS}. */
export type Kind = (typeof KINDS)[number];

/** What each kind is, for the report. */
export const KIND_LABELS: Record<Kind, string> = {
    empty: "empty program",
    trivial: "trivial dynamic provider (no request)",
    barePost: "bare POST provider (axios)",
    jobRetry: "JobRetry",
};

/** Type token of each kind's resources in the state. */
export const KIND_TYPES: Record<Kind, string | undefined> = {
    empty: undefined,
    trivial: "pulumi-nodejs:dynamic:Trivial",
    barePost: "pulumi-nodejs:dynamic:BarePost",
    jobRetry: "pulumi-nodejs:dynamic:JobRetry",
};

const PACKAGE = "pulumi-huaweicloud-workspace-jobs";

/**
 * The program's files. `index.ts` loads only the file of its kind, so ts-node compiles and
 * type-checks nothing else: the empty program does not see this package. The two inline
 * providers are what a user would write instead of it: one that only returns an id, and one
 * that sends the same retry POST with axios, the HTTP client the design names, loaded at call
 * time as a dynamic provider must, and nothing else (no retries, no validation, no signing). Both read the endpoint, project and token from the environment
 * when they run, as JobRetry does.
 */
const FILES: Record<string, string> = {
    "index.ts": `// Written by bench/program.ts.
import * as pulumi from "@pulumi/pulumi";

export const kind: string = process.env.BENCH_KIND ?? "empty";
export const n = Number(process.env.BENCH_N);
export const jobId = process.env.BENCH_JOB_ID ?? "";
/** One failed job per JobRetry, each in a project of its own (the service's state is per project). */
export const targets: Array<{ projectId: string; jobId: string }> = JSON.parse(process.env.BENCH_TARGETS ?? "[]");
if (kind !== "empty") require("./" + kind);
void pulumi;
`,
    "trivial.ts": `import * as pulumi from "@pulumi/pulumi";
import { n } from "./index";

const trivial: pulumi.dynamic.ResourceProvider = {
    async create() {
        return { id: "trivial-" + Math.random().toString(16).slice(2), outs: {} };
    },
};

class Trivial extends pulumi.dynamic.Resource {
    constructor(name: string) {
        super(trivial, name, {}, undefined, undefined, "Trivial");
    }
}

for (let i = 0; i < n; i++) new Trivial("r" + i);
`,
    "barePost.ts": `import * as pulumi from "@pulumi/pulumi";
import { jobId, n } from "./index";

const barePost: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        const axios = require("axios");
        const url = \`\${process.env.HW_WORKSPACE_ENDPOINT}/v2/\${process.env.HW_PROJECT_ID}/workspace-jobs/\${inputs.jobId}/actions\`;
        const headers = { "X-Auth-Token": process.env.HW_AUTH_TOKEN ?? "" };
        const { data } = await axios.post(url, { op_type: "retry" }, { headers });
        return { id: data.job_id, outs: { jobId: inputs.jobId, newJobId: data.job_id } };
    },
};

class BarePost extends pulumi.dynamic.Resource {
    declare readonly newJobId: pulumi.Output<string>;
    constructor(name: string, args: { jobId: string }) {
        super(barePost, name, { ...args, newJobId: undefined }, undefined, undefined, "BarePost");
    }
}

for (let i = 0; i < n; i++) new BarePost("r" + i, { jobId });
`,
    "jobRetry.ts": `import { JobRetry } from "${PACKAGE}";
import { n, targets } from "./index";

for (let i = 0; i < n; i++) new JobRetry("r" + i, targets[i]);
`,
};

/** The tsconfig of `pulumi new typescript` (as in examples/), so ts-node type-checks the program as users have it. */
const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node",
        lib: ["ES2022"],
        types: ["node"],
        sourceMap: true,
        skipLibCheck: true,
    },
    files: ["index.ts"],
};

/** A program folder; `remove()` deletes it. */
export interface BenchProgram {
    /** The folder holding Pulumi.yaml. */
    dir: string;
    remove(): Promise<void>;
}

/**
 * Packs the repository (its `dist/` must be built) and writes the program around the tarball.
 *
 * @param repoRoot - the repository root
 */
export async function createProgram(repoRoot: string): Promise<BenchProgram> {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "jobretry-bench-"));
    const remove = () => rm(tmp, { recursive: true, force: true });
    try {
        const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", tmp], { cwd: repoRoot });
        const program = path.join(tmp, "program");
        const modules = path.join(program, "node_modules");
        await mkdir(modules, { recursive: true });
        await run("tar", ["-xzf", path.join(tmp, stdout.trim().split("\n").pop()!), "-C", tmp]);
        await rename(path.join(tmp, "package"), path.join(modules, PACKAGE));
        const repoModules = path.join(repoRoot, "node_modules");
        for (const entry of await readdir(repoModules)) {
            if (entry === PACKAGE || entry.startsWith(".")) continue;
            if (entry === "@pulumi")
                await cp(path.join(repoModules, entry), path.join(modules, entry), { recursive: true, dereference: true });
            else await symlink(path.join(repoModules, entry), path.join(modules, entry));
        }
        await writeFile(path.join(program, "package.json"), JSON.stringify({ name: "bench-program", private: true }));
        await writeFile(path.join(program, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
        await writeFile(path.join(program, "Pulumi.yaml"), "name: bench\nruntime: nodejs\n");
        for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(program, name), text);
        return { dir: program, remove };
    } catch (error) {
        await remove();
        throw error;
    }
}
