/**
 * Test support: the package as 0.1.0 users installed it, built from git, and a program that
 * upgrades from it.
 *
 * @packageDocumentation
 */
import { execFile } from "node:child_process";
import { access, mkdtemp, symlink } from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/jobRetryHarness";
import { install, InstalledLayout, installedLayouts } from "./installLayouts";
import { PINNED } from "./layouts";

const run = promisify(execFile);

/**
 * The commit whose package is 0.1.0 as users installed it: it serializes the provider as the
 * 287-byte `require("pulumi-huaweicloud-workspace-jobs/internal/stub")` (test/fixtures/provider-0.1.0.txt).
 */
export const LEGACY_COMMIT = "c2997909744764eed40d731aa1848e445c3360b5";

/** Builds and packs the package of {@link LEGACY_COMMIT} from git, in a new folder under `root`; returns the tarball. */
export async function legacyTarball(root: string): Promise<string> {
    const dir = await mkdtemp(path.join(root, "legacy-"));
    try {
        await run("git", ["cat-file", "-e", `${LEGACY_COMMIT}^{commit}`], { cwd: REPO_ROOT });
    } catch {
        throw new Error(`commit ${LEGACY_COMMIT} (0.1.0) is not in this clone: fetch the full history (git fetch --unshallow)`);
    }
    const files = ["package.json", "tsconfig.json", "README.md", "LICENSE", "provider", "emulator"];
    await run("bash", ["-c", `git archive ${LEGACY_COMMIT} ${files.join(" ")} | tar -x -C "${dir}"`], { cwd: REPO_ROOT });
    // Its sources compile with this repository's TypeScript and dependencies (the same lockfile lineage).
    await symlink(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: dir });
    const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts"], { cwd: dir });
    return path.join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0].filename);
}

/** An npm program installed from 0.1.0's tarball, and the step that upgrades it. */
export interface LegacyProgram {
    /** The program, with 0.1.0 installed. */
    layout: InstalledLayout;
    /** Installs this package's tarball over 0.1.0, as `npm install <new version>` does. */
    upgrade(): Promise<void>;
}

/** Installs a plain npm program from the 0.1.0 tarball ({@link LEGACY_COMMIT}). */
export async function legacyNpmProgram(): Promise<LegacyProgram> {
    const { root, tarball, tools, registry } = await installedLayouts();
    const legacy = await legacyTarball(root);
    const layout = await install(root, legacy, tools, registry, {
        name: "npm upgraded from 0.1.0",
        manager: "npm",
        language: "js",
        pulumi: PINNED.pulumiNewest,
        expected: "require",
    });
    // A file only the new package has: absent after 0.1.0's install, present after the upgrade.
    const newFile = path.join(
        layout.program,
        "node_modules",
        "pulumi-huaweicloud-workspace-jobs",
        "dist",
        "provider",
        "program",
        "serializedProvider.js",
    );
    if (
        await access(newFile).then(
            () => true,
            () => false,
        )
    )
        throw new Error(`${legacy} is not 0.1.0: it holds ${newFile}`);
    return {
        layout,
        async upgrade() {
            await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `file:${tarball}`], { cwd: layout.program });
            // Both are 0.1.0 by version: make sure the new files are the ones installed.
            await access(newFile).catch(() => {
                throw new Error(`npm install of ${tarball} kept the old package: ${newFile} is missing`);
            });
        },
    };
}
