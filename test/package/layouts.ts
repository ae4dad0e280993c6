/**
 * Test support: the ways a user installs the package, each installed from one packed tarball
 * into its own folder, with the package manager fetched from npm at a pinned version.
 *
 * Every mocha file that asks for {@link installedLayouts} gets the same installs (one run per
 * process), so the layout matrix and the CLI suite share one tarball, one npm cache and one
 * pnpm store.
 *
 * @packageDocumentation
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { access, mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { FAILED_JOB, REPO_ROOT } from "../support/jobRetryHarness";

const run = promisify(execFile);

/** Pinned versions of everything a layout installs that is not in the repository's lockfile: the one place. */
export const PINNED = {
    pnpm: "10.34.9",
    yarn: "1.22.22",
    /** Lowest `@pulumi/pulumi` that `peerDependencies` allows. */
    pulumiLowest: "3.139.0",
    /** Newest `@pulumi/pulumi` whose `engines` allows Node 20 (3.249.0 needs Node 22). */
    pulumiNewest: "3.248.0",
} as const;

/** How Pulumi is expected to serialize the provider in a layout. */
export type ProviderForm = "require" | "value";

/** One way of installing the package. */
export interface Layout {
    /** Short name, e.g. `"pnpm default"`. */
    name: string;
    /** The package manager that installs it. */
    manager: "npm" | "yarn" | "pnpm";
    /** `js` (CommonJS), `esm` (`"type": "module"`) or `ts` (TypeScript run by ts-node). */
    language: "js" | "esm" | "ts";
    /** `@pulumi/pulumi` version the program installs. */
    pulumi: string;
    /** Lines of the layout's `.npmrc` (pnpm settings). */
    npmrc?: string[];
    /** An npm workspaces monorepo: the program is the workspace `packages/deploy`, named `@acme/infra`. */
    workspace?: boolean;
    /** The `__provider` form the package must choose there. */
    expected: ProviderForm;
}

/** Every layout of the matrix. */
export const LAYOUTS: readonly Layout[] = [
    { name: "npm", manager: "npm", language: "js", pulumi: PINNED.pulumiNewest, expected: "require" },
    { name: "yarn classic", manager: "yarn", language: "js", pulumi: PINNED.pulumiNewest, expected: "require" },
    { name: "pnpm default", manager: "pnpm", language: "js", pulumi: PINNED.pulumiNewest, expected: "value" },
    { name: "pnpm hoist=false", manager: "pnpm", language: "js", pulumi: PINNED.pulumiNewest, npmrc: ["hoist=false"], expected: "value" },
    {
        name: "pnpm node-linker=hoisted",
        manager: "pnpm",
        language: "js",
        pulumi: PINNED.pulumiNewest,
        npmrc: ["node-linker=hoisted"],
        expected: "require",
    },
    { name: "npm workspaces", manager: "npm", language: "js", pulumi: PINNED.pulumiNewest, workspace: true, expected: "require" },
    { name: "ES module", manager: "npm", language: "esm", pulumi: PINNED.pulumiNewest, expected: "require" },
    { name: "TypeScript (ts-node)", manager: "npm", language: "ts", pulumi: PINNED.pulumiNewest, expected: "require" },
    { name: `npm, pulumi ${PINNED.pulumiLowest}`, manager: "npm", language: "js", pulumi: PINNED.pulumiLowest, expected: "require" },
    {
        name: `pnpm default, pulumi ${PINNED.pulumiLowest}`,
        manager: "pnpm",
        language: "js",
        pulumi: PINNED.pulumiLowest,
        expected: "value",
    },
    {
        name: `TypeScript, pulumi ${PINNED.pulumiLowest}`,
        manager: "npm",
        language: "ts",
        pulumi: PINNED.pulumiLowest,
        expected: "require",
    },
];

/** A layout, installed. */
export interface InstalledLayout extends Layout {
    /** Folder holding the program, its `package.json` and `Pulumi.yaml`. */
    program: string;
    /** That layout's own dynamic-provider host script. */
    hostScript: string;
    /** The program's `node_modules/.bin` (the workspace root's for a monorepo). */
    bin: string;
    /** Seconds the install took. */
    installSeconds: number;
    /** Runs the program's `print-provider` script and returns what it printed. */
    printProvider(): Promise<PrintedProvider>;
}

/** What `print-provider` prints: the `__provider` of one JobRetry, and the package's exports. */
export interface PrintedProvider {
    /** The `__provider` text, as the program's own `@pulumi/pulumi` serialized it. */
    provider: string;
    /** Names the package exports to that program, sorted. */
    exports: string[];
}

/** Everything installed, and how long it took. */
export interface Installed {
    /** The temporary folder holding every layout; removed when the process exits. */
    root: string;
    /** The packed tarball every layout installed. */
    tarball: string;
    /** Every layout of {@link LAYOUTS}, in that order. */
    layouts: InstalledLayout[];
    /** Seconds from the start of packing until every layout was installed. */
    seconds: number;
    /** Bin folder of the pinned pnpm and yarn. */
    tools: string;
    /** The npm registry every manager installs from. */
    registry: string;
}

let installing: Promise<Installed> | undefined;

/** Packs the package once and installs every layout (memoized per process). */
export function installedLayouts(): Promise<Installed> {
    return (installing ??= installAll());
}

/** Version of a package in the repository's node_modules: installs reuse the npm cache. */
function repoVersion(name: string): string {
    return (createRequire(path.join(REPO_ROOT, "package.json"))(`${name}/package.json`) as { version: string }).version;
}

/** How many installs run at once: each is mostly I/O, but CI has two cores. */
const PARALLEL_INSTALLS = 3;

async function installAll(): Promise<Installed> {
    const started = Date.now();
    const root = await mkdtemp(path.join(os.tmpdir(), "jobretry-layouts-"));
    process.once("exit", () => rmSync(root, { recursive: true, force: true }));
    const [tarball, tools, registry] = await Promise.all([
        pack(root),
        installTools(root),
        run("npm", ["config", "get", "registry"]).then(({ stdout }) => stdout.trim()),
    ]);
    const queue = [...LAYOUTS];
    const layouts: InstalledLayout[] = [];
    await Promise.all(
        Array.from({ length: PARALLEL_INSTALLS }, async () => {
            for (let layout = queue.shift(); layout; layout = queue.shift()) {
                layouts.push(await install(root, tarball, tools, registry, layout));
            }
        }),
    );
    layouts.sort((a, b) => LAYOUTS.findIndex((l) => l.name === a.name) - LAYOUTS.findIndex((l) => l.name === b.name));
    return { root, tarball, layouts, seconds: (Date.now() - started) / 1000, tools, registry };
}

async function pack(root: string): Promise<string> {
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", root], { cwd: REPO_ROOT });
    return path.join(root, (JSON.parse(stdout) as Array<{ filename: string }>)[0].filename);
}

/** Installs pnpm and yarn from npm at their pinned versions; returns their bin folder. */
async function installTools(root: string): Promise<string> {
    const tools = path.join(root, "tools");
    await mkdir(tools);
    await writeFile(path.join(tools, "package.json"), JSON.stringify({ name: "layout-tools", private: true }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `pnpm@${PINNED.pnpm}`, `yarn@${PINNED.yarn}`], {
        cwd: tools,
    });
    return path.join(tools, "node_modules", ".bin");
}

async function install(root: string, tarball: string, tools: string, registry: string, layout: Layout): Promise<InstalledLayout> {
    const started = Date.now();
    const dir = path.join(root, layout.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase());
    const program = layout.workspace ? path.join(dir, "packages", "deploy") : dir;
    await mkdir(program, { recursive: true });
    const dependencies: Record<string, string> = {
        "@pulumi/pulumi": layout.pulumi,
        "pulumi-huaweicloud-workspace-jobs": `file:${tarball}`,
    };
    if (layout.language === "ts") {
        for (const name of ["typescript", "ts-node", "@types/node"]) dependencies[name] = repoVersion(name);
    }
    const programPackage = {
        name: layout.workspace ? "@acme/infra" : "layout-program",
        version: "1.0.0",
        private: true,
        ...(layout.language === "esm" ? { type: "module" } : {}),
        dependencies,
    };
    await writeFile(path.join(program, "package.json"), JSON.stringify(programPackage, null, 2));
    if (layout.workspace) {
        await writeFile(
            path.join(dir, "package.json"),
            JSON.stringify({ name: "acme-monorepo", private: true, workspaces: ["packages/*"] }),
        );
    }
    if (layout.npmrc) await writeFile(path.join(dir, ".npmrc"), layout.npmrc.join("\n") + "\n");
    await writeProgram(program, layout);

    const options = { cwd: dir, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_registry: registry } };
    try {
        if (layout.manager === "npm") {
            await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], options);
        } else if (layout.manager === "yarn") {
            await run(
                path.join(tools, "yarn"),
                ["install", "--non-interactive", "--no-progress", "--prefer-offline", "--registry", registry],
                options,
            );
        } else {
            await run(path.join(tools, "pnpm"), ["install", "--prefer-offline", "--no-frozen-lockfile"], options);
        }
    } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(`installing layout "${layout.name}" with ${layout.manager} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
    const fromProgram = createRequire(path.join(program, "program.js"));
    const hostScript = fromProgram.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
    const installed: InstalledLayout = {
        ...layout,
        program,
        hostScript,
        bin: path.join(dir, "node_modules", ".bin"),
        installSeconds: (Date.now() - started) / 1000,
        async printProvider() {
            const args =
                layout.language === "ts" ? [fromProgram.resolve("ts-node/dist/bin.js"), "print-provider.ts"] : ["print-provider.js"];
            const { stdout } = await run(process.execPath, args, { cwd: program, maxBuffer: 16 * 1024 * 1024 });
            return JSON.parse(stdout) as PrintedProvider;
        },
    };
    return installed;
}

/** Writes the program (`index`), the `print-provider` script, `Pulumi.yaml` (and a tsconfig for TypeScript). */
async function writeProgram(program: string, layout: Layout): Promise<void> {
    const ext = layout.language === "ts" ? "ts" : "js";
    const esm = layout.language !== "js";
    // ES modules and TypeScript import by name, as their users write it.
    const imports = esm
        ? `import * as pulumi from "@pulumi/pulumi";\nimport * as jobs from "pulumi-huaweicloud-workspace-jobs";\nimport { JobRetry } from "pulumi-huaweicloud-workspace-jobs";\n`
        : `const pulumi = require("@pulumi/pulumi");\nconst jobs = require("pulumi-huaweicloud-workspace-jobs");\nconst { JobRetry } = jobs;\n`;
    const index =
        imports +
        `const config = new pulumi.Config();\n` +
        `const retry = new JobRetry("retry", {\n` +
        `    jobId: config.get("jobId") ?? "${FAILED_JOB}",\n` +
        `    endpoint: config.require("endpoint"),\n` +
        `    triggers: config.getObject("triggers"),\n` +
        `});\n` +
        (esm ? `export const newJobId = retry.newJobId;\n` : `exports.newJobId = retry.newJobId;\n`);
    // Registers one JobRetry under mocks (no CLI) with the program's own @pulumi/pulumi and prints its __provider.
    const print =
        imports +
        `pulumi.runtime.setMocks(\n` +
        `    {\n` +
        `        newResource: (args${ext === "ts" ? ": pulumi.runtime.MockResourceArgs" : ""}) => {\n` +
        `            if (args.inputs.__provider) process.stdout.write(JSON.stringify({ provider: args.inputs.__provider, exports: Object.keys(jobs).filter((key) => key !== "default" && key !== "__esModule").sort() }));\n` +
        `            return { id: "id", state: args.inputs };\n` +
        `        },\n` +
        `        call: (args${ext === "ts" ? ": pulumi.runtime.MockCallArgs" : ""}) => args.inputs,\n` +
        `    },\n` +
        `    "layout",\n` +
        `    "layout",\n` +
        `    false,\n` +
        `);\n` +
        `new JobRetry("retry", { jobId: "${FAILED_JOB}" });\n`;
    await writeFile(path.join(program, `index.${ext}`), index);
    await writeFile(path.join(program, `print-provider.${ext}`), print);
    const typescript = ext === "ts";
    await writeFile(
        path.join(program, "Pulumi.yaml"),
        `name: layout-program\nruntime:\n  name: nodejs\n  options:\n    typescript: ${typescript}\nmain: index.${ext}\n`,
    );
    if (typescript) {
        const compilerOptions = {
            target: "ES2022",
            module: "commonjs",
            moduleResolution: "node",
            strict: true,
            esModuleInterop: true,
            types: ["node"],
        };
        await writeFile(path.join(program, "tsconfig.json"), JSON.stringify({ compilerOptions }, null, 2));
    }
}

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
    const newFile = path.join(
        layout.program,
        "node_modules",
        "pulumi-huaweicloud-workspace-jobs",
        "dist",
        "provider",
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
            const installedFile = path.join(
                layout.program,
                "node_modules",
                "pulumi-huaweicloud-workspace-jobs",
                "dist",
                "provider",
                "serializedProvider.js",
            );
            await access(installedFile).catch(() => {
                throw new Error(`npm install of ${tarball} kept the old package: ${installedFile} is missing`);
            });
        },
    };
}
