/**
 * Test support: the Pulumi program a layout installs, in its language, and the script that
 * prints the `__provider` a JobRetry serializes there.
 *
 * @packageDocumentation
 */
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { FAILED_JOB } from "../support/jobRetryHarness";
import { Layout } from "./layouts";

/** Writes the program (`index`), the `print-provider` script, `Pulumi.yaml` (and a tsconfig for TypeScript). */
export async function writeProgram(program: string, layout: Layout): Promise<void> {
    const ext = layout.language === "ts" ? "ts" : "js";
    const esm = layout.language !== "js";
    // ES modules and TypeScript import by name, as their users write it.
    const imports = esm
        ? `import * as pulumi from "@pulumi/pulumi";\nimport * as jobs from "pulumi-huaweicloud-workspace-jobs";\nimport { JobRetry, JobWait } from "pulumi-huaweicloud-workspace-jobs";\n`
        : `const pulumi = require("@pulumi/pulumi");\nconst jobs = require("pulumi-huaweicloud-workspace-jobs");\nconst { JobRetry, JobWait } = jobs;\n`;
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
        `const providers${ext === "ts" ? ": Record<string, string>" : ""} = {};\n` +
        `let printed = false;\n` +
        `pulumi.runtime.setMocks(\n` +
        `    {\n` +
        `        newResource: (args${ext === "ts" ? ": pulumi.runtime.MockResourceArgs" : ""}) => {\n` +
        `            if (args.inputs.__provider) providers[args.type] = args.inputs.__provider;\n` +
        `            return { id: "id", state: args.inputs };\n` +
        `        },\n` +
        `        call: (args${ext === "ts" ? ": pulumi.runtime.MockCallArgs" : ""}) => args.inputs,\n` +
        `    },\n` +
        `    "layout",\n` +
        `    "layout",\n` +
        `    false,\n` +
        `);\n` +
        `new JobRetry("retry", { jobId: "${FAILED_JOB}" });\n` +
        `new JobWait("wait", { jobId: "${FAILED_JOB}" });\n` +
        // Registration is asynchronous: print once both resources reached the mocks.
        `process.on("beforeExit", () => {\n` +
        `    if (printed || Object.keys(providers).length < 2) return;\n` +
        `    printed = true;\n` +
        `    const exported = Object.keys(jobs).filter((key) => key !== "default" && key !== "__esModule").sort();\n` +
        `    process.stdout.write(JSON.stringify({ provider: providers["pulumi-nodejs:dynamic:JobRetry"], waitProvider: providers["pulumi-nodejs:dynamic:JobWait"], exports: exported }));\n` +
        `});\n`;
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
