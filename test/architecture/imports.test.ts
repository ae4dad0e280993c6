/// <reference types="mocha" />
// The dependency directions of the tree (docs/style.md, "The shape we want"), checked on the
// import and require specifiers of every .ts file: upper layers import lower ones, never the
// reverse; the emulator shares no code with the provider it stands in for; the bench owns its
// driver; and no module takes part in an import cycle.
import * as path from "node:path";
import { expect } from "chai";
import { codeOf, readSources } from "../support/sources";

const SOURCE_DIRS = ["provider", "emulator", "bench", "scripts", "test", "examples"];

/** What the package's own name and subpaths resolve to (package.json "exports"). */
const SELF: Record<string, string> = {
    "pulumi-huaweicloud-workspace-jobs": "provider/index.ts",
    "pulumi-huaweicloud-workspace-jobs/emulator": "emulator/index.ts",
    "pulumi-huaweicloud-workspace-jobs/internal/provider": "provider/host/jobRetryProvider.ts",
    "pulumi-huaweicloud-workspace-jobs/internal/stub": "provider/host/jobRetryStub.ts",
    "pulumi-huaweicloud-workspace-jobs/internal/jobWaitProvider": "provider/host/jobWaitProvider.ts",
    "pulumi-huaweicloud-workspace-jobs/internal/jobWaitStub": "provider/host/jobWaitStub.ts",
};

/** `import ... from "x"`, `export ... from "x"`, `import "x"`, `import("x")`, `require("x")`. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'\n]+)["']/g;

/** A module and the repository files it imports (relative paths, `/`-separated). */
type ImportGraph = Map<string, string[]>;

/** The specifiers written in a source text, comments removed first (a `require("x")` in a comment is no import). */
function specifiersOf(text: string): string[] {
    return Array.from(codeOf(text).matchAll(SPECIFIER), (match) => match[1]);
}

/** The repository file a specifier names, or undefined for a third-party or built-in module. */
function resolve(from: string, specifier: string, exists: (file: string) => boolean): string | undefined {
    if (specifier in SELF) return SELF[specifier];
    if (!specifier.startsWith(".")) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    return [`${base}.ts`, `${base}/index.ts`, base].find(exists) ?? base;
}

/** The import graph of the given sources (file -> text). */
function buildGraph(sources: ReadonlyMap<string, string>): ImportGraph {
    const graph: ImportGraph = new Map();
    for (const [file, text] of sources) {
        const targets = specifiersOf(text)
            .map((specifier) => resolve(file, specifier, (candidate) => sources.has(candidate)))
            .filter((target): target is string => target !== undefined && target !== file);
        graph.set(file, [...new Set(targets)]);
    }
    return graph;
}

/** A forbidden direction: files matching `from` must not import files matching `to`. */
interface Rule {
    name: string;
    from: (file: string) => boolean;
    to: (file: string) => boolean;
}

const under = (dir: string) => (file: string) => file.startsWith(`${dir}/`);

/** The program's one way into the host: the provider objects Pulumi stores as text and the host evaluates. */
const SERIALIZED_PROVIDER = "provider/program/serializedProvider.ts";

/** The folders of provider/, each named for the process that loads its code. */
const PLACES = ["provider/program", "provider/host", "provider/shared", "provider/client"];

const RULES: Rule[] = [
    { name: "emulator -> provider", from: under("emulator"), to: under("provider") },
    // The program and the provider host meet only through the serialized provider, which
    // loads the host's code by package name at call time.
    // ...except serializedProvider.ts, whose require()s are the text of `__provider` that the host evaluates.
    {
        name: "provider/program -> provider/host",
        from: (file) => under("provider/program")(file) && file !== SERIALIZED_PROVIDER,
        to: under("provider/host"),
    },
    { name: "provider/host -> provider/program", from: under("provider/host"), to: under("provider/program") },
    { name: "provider/index.ts -> provider/host", from: (file) => file === "provider/index.ts", to: under("provider/host") },
    {
        name: "provider/shared -> provider/program or provider/host",
        from: under("provider/shared"),
        to: (file) => under("provider/program")(file) || under("provider/host")(file),
    },
    {
        name: "provider/client -> provider outside the client",
        from: under("provider/client"),
        to: (file) => under("provider")(file) && !under("provider/client")(file),
    },
    { name: "bench -> test", from: under("bench"), to: under("test") },
    {
        name: "provider -> emulator, test, bench or scripts",
        from: under("provider"),
        to: (file) => ["emulator", "test", "bench", "scripts"].some((dir) => under(dir)(file)),
    },
];

/** Every `from -> to` import that breaks a rule, as text. */
function violations(graph: ImportGraph): string[] {
    const found: string[] = [];
    for (const [from, targets] of graph) {
        for (const to of targets) {
            for (const rule of RULES) {
                if (rule.from(from) && rule.to(to)) found.push(`${rule.name}: ${from} imports ${to}`);
            }
        }
    }
    return found;
}

/** Every import cycle, each as the list of files around it (depth-first search, one report per cycle found). */
function cycles(graph: ImportGraph): string[][] {
    const found: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string): void => {
        state.set(file, "open");
        stack.push(file);
        for (const next of graph.get(file) ?? []) {
            if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
            else if (!state.has(next) && graph.has(next)) visit(next);
        }
        stack.pop();
        state.set(file, "done");
    };
    for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
    return found;
}

describe("architecture: import directions", () => {
    const graph = buildGraph(readSources(SOURCE_DIRS));

    it("reads the whole tree (so the checks below are not vacuous)", () => {
        const edges = [...graph.values()].reduce((sum, targets) => sum + targets.length, 0);
        expect(graph.size).to.be.above(80);
        expect(edges).to.be.above(150);
        expect(graph.get("emulator/server.ts")).to.include("emulator/routes/control.ts");
        expect(graph.get("provider/host/jobRetryStub.ts")).to.include("provider/host/jobRetryProvider.ts");
        expect(graph.get(SERIALIZED_PROVIDER)).to.include.members([
            "provider/host/jobRetryProvider.ts",
            "provider/host/jobWaitProvider.ts",
        ]);
    });

    it("keeps every file of provider/ in a folder that says where it runs (program, host, shared, client), but the package's root", () => {
        const misplaced = [...graph.keys()].filter(
            (file) => under("provider")(file) && file !== "provider/index.ts" && !PLACES.some((place) => under(place)(file)),
        );
        expect(misplaced).to.deep.equal([]);
    });

    it("has every layer import only downwards: program and host never import each other, shared neither, client nothing above it, emulator !-> provider, bench !-> test", () => {
        expect(violations(graph)).to.deep.equal([]);
    });

    it("has no import cycle (emulator/server.ts and its routes included)", () => {
        expect(cycles(graph)).to.deep.equal([]);
    });

    it("catches planted violations and cycles (the checker can fail)", () => {
        const planted = buildGraph(
            new Map([
                ["emulator/routes/a.ts", 'import type { WorkspaceEmulator } from "../server";'],
                ["emulator/server.ts", 'import { control } from "./routes/a";\nimport { sign } from "../provider/client/signing";'],
                ["provider/client/signing/index.ts", 'import type { Credentials } from "../../shared/settings";'],
                [
                    "provider/shared/settings.ts",
                    '// require("../../emulator") in a comment is no import\nimport { x } from "../host/waiter";',
                ],
                ["provider/host/waiter.ts", "export {};"],
                [
                    "provider/program/jobRetry.ts",
                    'const emulator = require("pulumi-huaweicloud-workspace-jobs/emulator");\nimport "../host/waiter";',
                ],
                ["provider/host/jobRetryProvider.ts", 'import { JobRetry } from "../program/jobRetry";'],
                ["bench/run.ts", 'import { startProviderHost } from "../test/support/providerHost";'],
                ["test/support/providerHost.ts", "export {};"],
                ["emulator/index.ts", "export {};"],
            ]),
        );
        expect(violations(planted)).to.deep.equal([
            "emulator -> provider: emulator/server.ts imports provider/client/signing/index.ts",
            "provider/client -> provider outside the client: provider/client/signing/index.ts imports provider/shared/settings.ts",
            "provider/shared -> provider/program or provider/host: provider/shared/settings.ts imports provider/host/waiter.ts",
            "provider -> emulator, test, bench or scripts: provider/program/jobRetry.ts imports emulator/index.ts",
            "provider/program -> provider/host: provider/program/jobRetry.ts imports provider/host/waiter.ts",
            "provider/host -> provider/program: provider/host/jobRetryProvider.ts imports provider/program/jobRetry.ts",
            "bench -> test: bench/run.ts imports test/support/providerHost.ts",
        ]);
        expect(cycles(planted)).to.deep.equal([["emulator/routes/a.ts", "emulator/server.ts", "emulator/routes/a.ts"]]);
    });
});
