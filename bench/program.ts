/**
 * The Pulumi program the benchmark runs `pulumi up` on, in a temporary folder, with this
 * package installed the way users have it: the `npm pack` tarball unpacked into its
 * `node_modules`. (Reached through this repository's symlink instead, Pulumi would serialize
 * the provider by value: a different, larger `__provider` than users get.) `@pulumi` is a
 * real copy too, so the closure serializer resolves the package from inside the program;
 * every other dependency is a symlink into this repository's `node_modules`.
 *
 * One `index.js` declares `BENCH_N` resources of kind `BENCH_KIND`, so a run is chosen by
 * its environment.
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
    barePost: "bare POST provider (node:http)",
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
 * The program. The two inline providers are what a user would write instead of this package:
 * one that only returns an id, and one that sends the same retry POST with `node:http` and
 * nothing else (no retries, no validation, no signing). Both read the endpoint, project and
 * token from the environment when they run, as JobRetry does.
 */
const PROGRAM = `// Written by bench/program.ts.
"use strict";
const pulumi = require("@pulumi/pulumi");
const kind = process.env.BENCH_KIND;
const n = Number(process.env.BENCH_N);
const jobId = process.env.BENCH_JOB_ID;

const trivial = {
    async create() {
        return { id: "trivial-" + Math.random().toString(16).slice(2), outs: {} };
    },
};

const barePost = {
    create(inputs) {
        return new Promise((resolve, reject) => {
            const http = require("http");
            const body = JSON.stringify({ op_type: "retry" });
            const url = process.env.HW_WORKSPACE_ENDPOINT + "/v2/" + process.env.HW_PROJECT_ID + "/workspace-jobs/" + inputs.jobId + "/actions";
            const req = http.request(url, {
                method: "POST",
                headers: { "Content-Type": "application/json", "X-Auth-Token": process.env.HW_AUTH_TOKEN },
            }, (res) => {
                let text = "";
                res.setEncoding("utf8");
                res.on("data", (chunk) => (text += chunk));
                res.on("end", () => {
                    if (res.statusCode !== 200) return reject(new Error("retry answered " + res.statusCode + ": " + text));
                    const newJobId = JSON.parse(text).job_id;
                    resolve({ id: newJobId, outs: { jobId: inputs.jobId, newJobId } });
                });
            });
            req.on("error", reject);
            req.end(body);
        });
    },
};

class Trivial extends pulumi.dynamic.Resource {
    constructor(name) {
        super(trivial, name, {}, undefined, undefined, "Trivial");
    }
}

class BarePost extends pulumi.dynamic.Resource {
    constructor(name, args) {
        super(barePost, name, { ...args, newJobId: undefined }, undefined, undefined, "BarePost");
    }
}

for (let i = 0; i < n; i++) {
    const name = "r" + i;
    if (kind === "trivial") new Trivial(name);
    else if (kind === "barePost") new BarePost(name, { jobId });
    else if (kind === "jobRetry") new (require(${JSON.stringify(PACKAGE)}).JobRetry)(name, { jobId });
}
`;

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
        await writeFile(path.join(program, "package.json"), JSON.stringify({ name: "bench-program", private: true, main: "index.js" }));
        await writeFile(
            path.join(program, "Pulumi.yaml"),
            "name: bench\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
        );
        await writeFile(path.join(program, "index.js"), PROGRAM);
        return { dir: program, remove };
    } catch (error) {
        await remove();
        throw error;
    }
}
