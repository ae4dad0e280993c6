/**
 * A throwaway Pulumi program that has this package installed as users have it: a real
 * copy in its `node_modules`, made by `npm pack`. Pulumi's closure serializer captures a
 * module by reference (`require("<package>/<export>")`) when its path relative to the
 * program's working directory goes through `node_modules`, and by value otherwise (as in
 * this repository, where the package is reached through a symlink to `..`).
 *
 * Layout: `<tmp>/program/node_modules/pulumi-huaweicloud-workspace-jobs` (the unpacked
 * tarball) and `@pulumi` (a real copy, so that the serializer resolves the package's
 * `package.json` from inside the program, as in a real install); every other dependency is
 * a symlink into this repository's `node_modules`.
 *
 * @packageDocumentation
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The npm name of this package. */
export const PACKAGE_NAME = "pulumi-huaweicloud-workspace-jobs";

/** A temporary program directory; `remove()` deletes it. */
export interface InstalledProgram {
    /** The program directory (use as cwd). */
    dir: string;
    /** Size of the packed tarball, in bytes. */
    tarballBytes: number;
    remove(): Promise<void>;
}

/** The program's entry point: prints the `__provider` of one JobRetry (no CLI, mocks only). */
const PRINT_PROVIDER = `// Written by bench/installedProgram.ts: prints the __provider of one JobRetry.
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            if (args.inputs.__provider) process.stdout.write(args.inputs.__provider);
            return { id: "id", state: args.inputs };
        },
        call: (args) => args.inputs,
    },
    "bench",
    "bench",
    false,
);
const { JobRetry } = require(${JSON.stringify(PACKAGE_NAME)});
new JobRetry("retry", { jobId: "6783cecb-0e5c-4521-a3ea-825f551c1ba9" });
`;

/**
 * Packs the repository (its `dist/` must be built) and installs the tarball into a new
 * temporary program.
 *
 * @param repoRoot - the repository root
 */
export async function createInstalledProgram(repoRoot: string): Promise<InstalledProgram> {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "jobretry-bench-"));
    const remove = () => rm(tmp, { recursive: true, force: true });
    try {
        const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", tmp], { cwd: repoRoot });
        const tarball = path.join(tmp, stdout.trim().split("\n").pop()!);
        const program = path.join(tmp, "program");
        const modules = path.join(program, "node_modules");
        await mkdir(modules, { recursive: true });
        await run("tar", ["-xzf", tarball, "-C", tmp]);
        await rename(path.join(tmp, "package"), path.join(modules, PACKAGE_NAME));
        const repoModules = path.join(repoRoot, "node_modules");
        for (const entry of await readdir(repoModules)) {
            if (entry === PACKAGE_NAME || entry.startsWith(".")) continue;
            if (entry === "@pulumi") {
                await cp(path.join(repoModules, entry), path.join(modules, entry), { recursive: true, dereference: true });
            } else {
                await symlink(path.join(repoModules, entry), path.join(modules, entry));
            }
        }
        await writeFile(
            path.join(program, "package.json"),
            JSON.stringify({ name: "bench-program", private: true, main: "index.js" }, null, 2),
        );
        await writeFile(path.join(program, "index.js"), PRINT_PROVIDER);
        return { dir: program, tarballBytes: (await stat(tarball)).size, remove };
    } catch (error) {
        await remove();
        throw error;
    }
}

/**
 * Runs the program's entry point in a fresh process with cwd = the program, and returns
 * the `__provider` it printed.
 *
 * @param program - from {@link createInstalledProgram}
 */
export async function captureInstalledProvider(program: InstalledProgram): Promise<string> {
    const { stdout } = await run(process.execPath, ["index.js"], { cwd: program.dir, maxBuffer: 64 * 1024 * 1024 });
    if (!stdout.includes("exports.handler")) throw new Error(`the installed program printed no provider: ${stdout.slice(0, 200)}`);
    return stdout;
}
