/**
 * Test support: installs every layout of {@link LAYOUTS} from one packed tarball into its own
 * folder, with pnpm and yarn fetched from npm at their pinned versions.
 *
 * Every mocha file that asks for {@link installedLayouts} gets the same installs (one run per
 * process), so the layout matrix and the CLI suite share one tarball, one npm cache and one
 * pnpm store.
 *
 * @packageDocumentation
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/jobRetryHarness";
import { writeProgram } from "./layoutProgram";
import { Layout, LAYOUTS, PINNED } from "./layouts";

const run = promisify(execFile);

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
    /** The `__provider` text of one JobWait, likewise. */
    waitProvider: string;
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

/** Installs one layout from `tarball` into a new folder under `root`. */
export async function install(root: string, tarball: string, tools: string, registry: string, layout: Layout): Promise<InstalledLayout> {
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
            // A cache of its own: yarn classic's shared cache kept serving a previous build of
            // this tarball (same name and version) even with its entries removed.
            await run(
                path.join(tools, "yarn"),
                ["install", "--non-interactive", "--no-progress", "--registry", registry, "--cache-folder", path.join(dir, ".yarn-cache")],
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
