/// <reference types="mocha" />
/**
 * The shipped examples: each is a complete Pulumi program that type-checks against the
 * built package (resolved by name, as a user's program resolves it), the pipeline workflow
 * files are valid and run the right command on the right event, the pipeline's program
 * declares the retries it should against the emulator's projects, and the quickstart runs
 * against the Workspace emulator through the real dynamic-provider host. What the examples'
 * READMEs say is the lead's to keep true; no test reads their prose.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { SETTING_SOURCES } from "pulumi-huaweicloud-workspace-jobs";
import { DEFAULT_TOKEN, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { emulatorEnv, FAILED_JOB, openProject, PROJECT, REPO_ROOT, StuckProject, stuckProject } from "../support/jobRetryHarness";
import {
    captureDynamicResourceInputs,
    captureDynamicResources,
    CapturedResource,
    ProviderHost,
    startProviderHost,
    unwrapSecrets,
} from "../support/providerHost";

import * as yaml from "js-yaml";

const PACKAGE = "pulumi-huaweicloud-workspace-jobs";
const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
const EXAMPLES = ["pipeline", "quickstart", "wait-for-completion"];
/** What `import { JobRetry } from "pulumi-huaweicloud-workspace-jobs"` must resolve to. */
const BUILT_TYPES = path.join(REPO_ROOT, "dist", "provider", "index.d.ts");
/** Modules an example may import: the package's public entry point and the Pulumi SDK. */
const ALLOWED_IMPORTS = new Set([PACKAGE, "@pulumi/pulumi"]);

type Json = Record<string, any>;

function readText(...parts: string[]): string {
    return fs.readFileSync(path.join(...parts), "utf8");
}

function readJson(...parts: string[]): Json {
    return JSON.parse(readText(...parts)) as Json;
}

function readYaml(...parts: string[]): Json {
    const doc = yaml.load(readText(...parts));
    expect(doc, path.join(...parts)).to.be.an("object");
    return doc as Json;
}

function major(range: string): number {
    const match = /^[\^~]?(\d+)\./.exec(range);
    expect(match, `a version range with a major version: ${range}`).to.not.equal(null);
    return Number(match![1]);
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
    return ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (fileName) => fileName,
        getCurrentDirectory: () => REPO_ROOT,
        getNewLine: () => "\n",
    });
}

/** Parsed source files shared by the examples' programs: the SDK's declarations are parsed once. */
const sourceFileCache = new Map<string, ts.SourceFile | undefined>();

/** Type-checks one example with its own tsconfig.json, as `tsc --noEmit -p examples/<name>` would. */
function typeCheck(exampleDir: string): { program: ts.Program; diagnostics: readonly ts.Diagnostic[] } {
    const configErrors: ts.Diagnostic[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        path.join(exampleDir, "tsconfig.json"),
        { noEmit: true },
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic) },
    );
    if (!parsed) {
        throw new Error(`cannot read ${exampleDir}/tsconfig.json:\n${formatDiagnostics(configErrors)}`);
    }
    const host = ts.createCompilerHost(parsed.options, true);
    const readSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
        const options =
            typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
        const key = `${fileName}|${options.languageVersion}|${options.impliedNodeFormat ?? ""}`;
        if (!sourceFileCache.has(key)) {
            sourceFileCache.set(key, readSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate));
        }
        return sourceFileCache.get(key);
    };
    const program = ts.createProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        host,
        configFileParsingDiagnostics: parsed.errors,
    });
    return { program, diagnostics: [...parsed.errors, ...ts.getPreEmitDiagnostics(program)] };
}

/** Module specifiers of every import, export-from, `import x = require()`, `require()` and `import()` in a file. */
function moduleSpecifiers(fileName: string): { specifier: string; names: string[] }[] {
    const source = ts.createSourceFile(fileName, readText(fileName), ts.ScriptTarget.Latest, true);
    const found: { specifier: string; names: string[] }[] = [];
    const visit = (node: ts.Node): void => {
        if (
            (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
            node.moduleSpecifier &&
            ts.isStringLiteral(node.moduleSpecifier)
        ) {
            const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : undefined;
            const names =
                bindings && ts.isNamedImports(bindings)
                    ? bindings.elements.map((element) => (element.propertyName ?? element.name).text)
                    : [];
            found.push({ specifier: node.moduleSpecifier.text, names });
        } else if (
            ts.isImportEqualsDeclaration(node) &&
            ts.isExternalModuleReference(node.moduleReference) &&
            ts.isStringLiteral(node.moduleReference.expression)
        ) {
            found.push({ specifier: node.moduleReference.expression.text, names: [] });
        } else if (
            ts.isCallExpression(node) &&
            (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
                (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
            node.arguments.length > 0 &&
            ts.isStringLiteral(node.arguments[0])
        ) {
            found.push({ specifier: node.arguments[0].text, names: [] });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** Where `PACKAGE` resolves from `fromFile` under the given compiler options (real path). */
function resolvePackage(fromFile: string, options: ts.CompilerOptions): string | undefined {
    const resolved = ts.resolveModuleName(PACKAGE, fromFile, options, ts.sys).resolvedModule;
    return resolved && fs.realpathSync(resolved.resolvedFileName);
}

describe("examples", () => {
    before(() => {
        if (!fs.existsSync(BUILT_TYPES)) {
            throw new Error(`${path.relative(REPO_ROOT, BUILT_TYPES)} is missing: run \`npm run build\` first (npm test does).`);
        }
    });

    const rootPackage = readJson(REPO_ROOT, "package.json");
    const rootProject = readYaml(REPO_ROOT, "Pulumi.yaml");

    it("are exactly the ones tested here", () => {
        const dirs = fs
            .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => entry.name)
            .sort();
        expect(dirs).to.deep.equal(EXAMPLES);
    });

    it("have project names of their own", () => {
        const names = EXAMPLES.map((name) => readYaml(EXAMPLES_DIR, name, "Pulumi.yaml").name);
        expect(new Set(names).size, names.join(", ")).to.equal(EXAMPLES.length);
        expect(names).to.not.include(rootProject.name);
    });

    for (const name of EXAMPLES) {
        describe(name, () => {
            const dir = path.join(EXAMPLES_DIR, name);
            const index = path.join(dir, "index.ts");

            it("is a Pulumi program: Pulumi.yaml with the nodejs runtime and TypeScript", () => {
                const project = readYaml(dir, "Pulumi.yaml");
                expect(project.name)
                    .to.be.a("string")
                    .and.match(/^[A-Za-z0-9_.-]+$/);
                expect(project.description).to.be.a("string").and.not.equal("");
                expect(project.runtime).to.deep.include({ name: "nodejs" });
                expect(project.runtime.options).to.deep.include({ typescript: true });
                expect(project.main, "runs index.ts of its own folder").to.equal(undefined);
                expect(fs.existsSync(index), "index.ts").to.equal(true);
            });

            it("has a package.json depending on the package by relative path, with the root's SDK and toolchain", () => {
                const pkg = readJson(dir, "package.json");
                expect(pkg.private).to.equal(true);
                expect(pkg.main).to.equal("index.ts");
                expect(pkg.dependencies).to.deep.include({
                    [PACKAGE]: "file:../..",
                    "@pulumi/pulumi": rootPackage.devDependencies["@pulumi/pulumi"],
                });
                for (const tool of ["typescript", "ts-node", "@types/node"]) {
                    expect(major(pkg.devDependencies?.[tool] ?? ""), tool).to.equal(major(rootPackage.devDependencies[tool]));
                }
            });

            it("uses only the package's public entry point and the Pulumi SDK", () => {
                const imports = moduleSpecifiers(index);
                for (const { specifier } of imports) {
                    expect(ALLOWED_IMPORTS.has(specifier), `import of "${specifier}"`).to.equal(true);
                }
                const fromPackage = imports.filter((entry) => entry.specifier === PACKAGE);
                expect(fromPackage.flatMap((entry) => entry.names)).to.include("JobRetry");
            });

            it("type-checks against the built package, resolved by name from its folder", () => {
                const { program, diagnostics } = typeCheck(dir);
                expect(diagnostics, formatDiagnostics(diagnostics)).to.have.length(0);
                expect(resolvePackage(index, program.getCompilerOptions())).to.equal(BUILT_TYPES);
                const files = program.getSourceFiles().map((file) => fs.realpathSync(file.fileName));
                expect(files).to.include(BUILT_TYPES);
                const packageSources = files.filter((file) => !file.endsWith(".d.ts") && !file.startsWith(dir + path.sep));
                expect(packageSources, "TypeScript sources outside the example").to.deep.equal([]);
            });

            it("resolves the package through its `exports` map too (node16 and bundler resolution)", () => {
                const node16 = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
                const bundler = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
                expect(resolvePackage(index, node16), "node16").to.equal(BUILT_TYPES);
                expect(resolvePackage(index, bundler), "bundler").to.equal(BUILT_TYPES);
            });
        });
    }
});

describe("examples/pipeline", () => {
    const dir = path.join(EXAMPLES_DIR, "pipeline");
    const CREDENTIALS = ["HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN", "PULUMI_ACCESS_TOKEN"];

    /** Every shell command of a job: GitHub `steps[].run`, GitLab `before_script` + `script`. */
    function commands(job: Json): string[] {
        const lines = [
            ...((job.steps ?? []) as Json[]).map((step) => step.run).filter((run): run is string => typeof run === "string"),
            ...[job.before_script ?? [], job.script ?? []].flat(),
        ];
        return lines.map(String);
    }

    function jobRunning(jobs: Record<string, Json>, command: string): [string, Json] {
        const matching = Object.entries(jobs).filter(([, job]) => commands(job).some((line) => line.includes(command)));
        expect(
            matching.map(([name]) => name),
            `jobs running \`${command}\``,
        ).to.have.length(1);
        return matching[0];
    }

    /** Every job's environment as it runs: the workflow-wide one with the job's own over it. */
    const jobEnv = (workflow: Json, job: Json): Json => ({ ...(workflow.env ?? {}), ...(job.env ?? {}) });

    describe("github-actions.yml", () => {
        const workflow = readYaml(dir, "github-actions.yml");
        const jobs = workflow.jobs as Record<string, Json>;

        it("is a workflow for pull requests and pushes to main", () => {
            expect(workflow.on).to.have.property("pull_request");
            expect(workflow.on.push.branches).to.include("main");
            expect(jobs).to.be.an("object");
        });

        it("runs `pulumi preview` on pull requests", () => {
            const [, job] = jobRunning(jobs, "pulumi preview");
            expect(job.if).to.match(/github\.event_name == 'pull_request'/);
        });

        it("runs `pulumi up` on the main branch", () => {
            const [, job] = jobRunning(jobs, "pulumi up");
            expect(job.if)
                .to.include("refs/heads/main")
                .and.match(/!= 'pull_request'/);
            expect(commands(job).find((line) => line.includes("pulumi up"))).to.include("--yes");
        });

        it("uses the official setup actions", () => {
            for (const job of Object.values(jobs)) {
                const uses = (job.steps as Json[]).map((step) => String(step.uses ?? "").split("@")[0]);
                expect(uses).to.include.members(["actions/checkout", "actions/setup-node", "pulumi/actions"]);
            }
        });

        it("takes credentials from the secret store: the retrying key for `up` only, a read-only one for the preview", () => {
            const assignments: [string, unknown][] = [
                ...Object.entries(workflow.env ?? {}),
                ...Object.values(jobs).flatMap((job) => Object.entries(job.env ?? {})),
            ];
            for (const [name, value] of assignments.filter(([name]) => CREDENTIALS.includes(name))) {
                expect(value, name).to.match(/^\$\{\{\s*secrets\.\w+\s*\}\}$/);
            }
            expect(workflow.env ?? {}, "workflow-wide env").to.not.have.any.keys("HW_ACCESS_KEY", "HW_SECRET_KEY");
            const [, preview] = jobRunning(jobs, "pulumi preview");
            expect(preview.env.HW_ACCESS_KEY).to.include("secrets.HW_READONLY_ACCESS_KEY");
            expect(preview.env.HW_SECRET_KEY).to.include("secrets.HW_READONLY_SECRET_KEY");
            const [, up] = jobRunning(jobs, "pulumi up");
            expect(up.env.HW_ACCESS_KEY).to.include("secrets.HW_ACCESS_KEY");
            expect(jobEnv(workflow, up)).to.include.keys("HW_ACCESS_KEY", "HW_SECRET_KEY");
            expect(jobEnv(workflow, preview)).to.include.keys("HW_ACCESS_KEY", "HW_SECRET_KEY");
        });

        it("runs on a schedule too, and fails the run, naming the jobs, when a retried job failed again", () => {
            expect(workflow.on.schedule?.[0]?.cron).to.be.a("string");
            const [, up] = jobRunning(jobs, "pulumi up");
            const check = commands(up).find((line) => line.includes("failedAgain"))!;
            expect(check).to.include('echo "failedAgain: $again"').and.include('test "$again" = "[]"');
        });
    });

    describe("gitlab-ci.yml", () => {
        const pipeline = readYaml(dir, "gitlab-ci.yml");
        const RESERVED = new Set([
            "workflow",
            "stages",
            "variables",
            "default",
            "include",
            "image",
            "services",
            "cache",
            "before_script",
            "after_script",
        ]);
        const jobs = Object.fromEntries(
            Object.entries(pipeline).filter(([name, value]) => !RESERVED.has(name) && !name.startsWith(".") && typeof value === "object"),
        ) as Record<string, Json>;
        const template = (job: Json): Json => ({ ...(pipeline[job.extends as string] ?? {}), ...job });

        it("runs `pulumi preview` in merge request pipelines", () => {
            const [, job] = jobRunning(jobs, "pulumi preview");
            expect(JSON.stringify(job.rules)).to.include('$CI_PIPELINE_SOURCE == \\"merge_request_event\\"');
        });

        it("runs `pulumi up` on the default branch", () => {
            const [, job] = jobRunning(jobs, "pulumi up");
            expect(JSON.stringify(job.rules)).to.include("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
            expect(commands(job).find((line) => line.includes("pulumi up"))).to.include("--yes");
        });

        it("uses Pulumi's official Node.js image", () => {
            for (const job of Object.values(jobs)) {
                expect(template(job).image).to.match(/^pulumi\/pulumi-nodejs(-\d+)?:\d+\.\d+\.\d+$/);
            }
        });

        it("writes no credential into the file: they come from the CI/CD variables", () => {
            const defined = [pipeline.variables ?? {}, ...Object.values(jobs).map((job) => template(job).variables ?? {})].flatMap(
                (variables) => Object.keys(variables as Json),
            );
            for (const name of CREDENTIALS) {
                expect(defined, name).to.not.include(name);
            }
        });

        it("gives the preview the read-only key, and fails the up when a retried job failed again", () => {
            const [, preview] = jobRunning(jobs, "pulumi preview");
            expect(commands(preview).join("\n")).to.include("$HW_READONLY_ACCESS_KEY").and.include("$HW_READONLY_SECRET_KEY");
            const [, up] = jobRunning(jobs, "pulumi up");
            expect(commands(up).some((line) => line.includes("failedAgain"))).to.equal(true);
            expect(commands(up).join("\n")).to.not.include("READONLY");
        });
    });
});

describe("examples/pipeline's program against the emulator (under mocks: getFailedJobs reads the emulator, the resources are recorded)", () => {
    const PIPELINE = path.join(EXAMPLES_DIR, "pipeline", "index.ts");
    let emulator: WorkspaceEmulator;
    let registered: CapturedResource[];
    let outputs: Record<string, any>;
    let savedConfig: Record<string, string>;
    let first: StuckProject;
    let open: ReturnType<typeof openProject>;
    /** Stuck on a job an earlier run's retry started (in the stack's startedByRetries): not retried unattended. */
    let failedAgain: StuckProject;
    /** Likewise, but a person decided to retry it again (`retryAgain`). */
    let decided: StuckProject;
    let second: StuckProject;

    before(async () => {
        emulator = await WorkspaceEmulator.start({ seed: [] });
        first = stuckProject(emulator);
        open = openProject(emulator);
        failedAgain = stuckProject(emulator);
        decided = stuckProject(emulator);
        second = stuckProject(emulator);
        const projects = [first, open, failedAgain, decided, second].map(({ projectId }) => ({ projectId, endpoint: emulator.url }));
        savedConfig = pulumi.runtime.allConfig();
        // The token only in stack config: the package reads it, as it would a pipeline's secret.
        pulumi.runtime.setAllConfig({
            "huaweicloud:token": DEFAULT_TOKEN,
            "test:projects": JSON.stringify(projects),
            "test:retryAgain": JSON.stringify({ [decided.stuck]: 2 }),
        });
        delete require.cache[require.resolve(PIPELINE)];
        registered = await captureDynamicResources(
            async () => {
                const program = require(PIPELINE) as () => Promise<Record<string, any>>;
                outputs = await program();
            },
            {
                // The stack's own outputs of its last run, as its StackReference reads them.
                stateOf: (args) =>
                    args.type === "pulumi:pulumi:StackReference"
                        ? { ...args.inputs, outputs: { startedByRetries: [failedAgain.stuck, decided.stuck] }, secretOutputNames: [] }
                        : undefined,
            },
        );
    });

    after(async () => {
        pulumi.runtime.setAllConfig(savedConfig);
        await emulator?.stop();
    });

    it("declares one JobRetry per project's current failure, named by its id, in the project's order: no cap, no older or stale failure", () => {
        expect(registered.map((resource) => resource.name)).to.deep.equal([
            `retry-${first.stuck}`,
            `retry-${decided.stuck}`,
            `retry-${second.stuck}`,
        ]);
        for (const [resource, project] of [
            [registered[0], first],
            [registered[1], decided],
            [registered[2], second],
        ] as const) {
            expect(resource.inputs, resource.name).to.deep.include({
                jobId: project.stuck,
                projectId: project.projectId,
                endpoint: emulator.url,
            });
        }
        expect(JSON.stringify(registered)).to.not.include(first.older).and.not.include(open.stale);
    });

    it("gives a retry triggers only when a person decided (retryAgain): nothing that changes from run to run", () => {
        expect(registered[1].inputs.triggers).to.equal(2);
        expect(registered[0].inputs).to.not.have.property("triggers");
        expect(registered[2].inputs).to.not.have.property("triggers");
    });

    it("does not retry a failure one of its own retries produced: it names it in failedAgain", () => {
        expect(registered.map((resource) => resource.inputs.jobId)).to.not.include(failedAgain.stuck);
        expect(outputs.failedAgain).to.deep.equal([
            { projectId: failedAgain.projectId, jobId: failedAgain.stuck, failReason: "Emulated failure." },
        ]);
    });

    it("lists each project's current failure, and only reads: no retry POST, no credential in any resource input", () => {
        expect(outputs.currentFailures).to.deep.equal(
            [first, open, failedAgain, decided, second].map((project) => ({
                projectId: project.projectId,
                jobIds: "stuck" in project ? [project.stuck] : [],
            })),
        );
        expect(emulator.requests.map((request) => request.method)).to.not.include("POST");
        expect(emulator.requests.every((request) => request.auth === "token")).to.equal(true);
        expect(JSON.stringify(registered.map((resource) => unwrapSecrets(resource.inputs)))).to.not.include(DEFAULT_TOKEN);
    });
});

describe("examples/quickstart against the emulator through the real provider host", () => {
    const QUICKSTART = path.join(EXAMPLES_DIR, "quickstart", "index.ts");
    const TRIGGERS = { attempt: 7 };
    /** Every setting's environment variables, emptied so the developer's shell cannot leak in. */
    const CLEARED = Object.fromEntries(Object.values(SETTING_SOURCES).flatMap((source) => source.env.map((name) => [name, ""])));

    let emulator: WorkspaceEmulator;
    let host: ProviderHost | undefined;
    let inputs: Record<string, any>;
    let program: Record<string, unknown>;
    let savedConfig: Record<string, string>;

    before(async () => {
        emulator = await WorkspaceEmulator.start();
        // The program reads `new pulumi.Config()`: under the capture's mocks the project is
        // "test", so this is what `pulumi config set --path triggers.attempt 7` would give it.
        savedConfig = pulumi.runtime.allConfig();
        pulumi.runtime.setAllConfig({ "test:triggers": JSON.stringify(TRIGGERS) });
        delete require.cache[require.resolve(QUICKSTART)];
        const registered = await captureDynamicResourceInputs(() => {
            program = require(QUICKSTART) as Record<string, unknown>;
        });
        expect(registered, "dynamic resources the program registers").to.have.length(1);
        inputs = unwrapSecrets(registered[0]);
    });

    after(async () => {
        pulumi.runtime.setAllConfig(savedConfig);
        await host?.stop();
        await emulator?.stop();
    });

    it("registers one JobRetry with the seeded failed job and the triggers from stack config", () => {
        expect(inputs.jobId).to.equal(FAILED_JOB);
        expect(inputs.triggers).to.deep.equal(TRIGGERS);
        expect(inputs.__provider).to.be.a("string").and.include(`require("${PACKAGE}/internal/provider")`);
        expect(inputs, "settings left to the environment").to.not.have.any.keys("endpoint", "projectId", "region");
    });

    it("creates it through the host: exactly one retry POST, and a new job id", async () => {
        host = await startProviderHost({ cwd: REPO_ROOT, env: { ...CLEARED, ...emulatorEnv(emulator) } });
        await host.configure({});
        const checked = await host.check({}, inputs);
        expect(checked.failures).to.deep.equal([]);
        expect(emulator.requests, "check sends nothing").to.have.length(0);

        const { id, properties } = await host.create(checked.inputs);

        const sent = emulator.requests.filter((request) => request.route === "retry");
        expect(sent.map((request) => `${request.method} ${request.url}`)).to.deep.equal([
            `POST /v2/${PROJECT}/workspace-jobs/${FAILED_JOB}/actions`,
        ]);
        expect(
            emulator.requests.filter((request) => request.route === "getWorkspaces"),
            "the service read first",
        ).to.have.length(1);
        expect(JSON.parse(sent[0].body)).to.deep.equal({ op_type: "retry" });
        expect(emulator.jobsCreated).to.equal(1);
        const newJob = emulator.store.all().find((job) => job.retriedFrom === FAILED_JOB);
        expect(newJob, "the job the retry started").to.not.equal(undefined);
        expect(id).to.equal(newJob!.id).and.not.equal(FAILED_JOB);
        expect(properties.newJobId).to.equal(id);
        expect(properties.jobId).to.equal(FAILED_JOB);
        expect(properties.triggers).to.deep.equal(TRIGGERS);
    });

    // `pulumi up` shows these as the stack's outputs: each must be the resource's Output
    // (a class field that is not `declare`d would reset it to undefined after `super()`).
    it("exports the new job id, and only resource outputs, as stack outputs", () => {
        expect(program).to.include.keys("newJobId", "retriedAt");
        for (const [name, value] of Object.entries(program)) {
            expect(pulumi.Output.isInstance(value), name).to.equal(true);
        }
    });
});
