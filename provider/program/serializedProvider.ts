/**
 * Chooses how a resource's provider object reaches `__provider`: as one `require()` of the
 * package's exported stub (287 bytes) where that `require()` is certain to load this very
 * copy, and by value (about 1.9 KB) everywhere else.
 *
 * Pulumi serializes a module's exports as `require(<name>)`, the name being the module's real
 * path relative to the working directory, cut after its first `node_modules/` and mapped
 * through the `exports` of the package it resolves from its own directory. Under pnpm's
 * isolated layout that path is `.pnpm/<id>/node_modules/...`, which no `exports` entry matches
 * (registration throws); in a nested copy it would name another package's folder, baked into
 * every state. A plain object is serialized by value and works in every layout.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";
import * as path from "node:path";
import { PACKAGE_NAME } from "../shared/constants";

/**
 * The provider object to pass to `dynamic.Resource` for the stub module exported at
 * `stubExport` (e.g. `"internal/stub"`): that module's exports when Pulumi will serialize
 * them as `require("<package>/<stubExport>")` and the provider host will load this copy
 * from it, else a plain copy of them, which Pulumi serializes by value.
 *
 * @param stubExport - the `exports` subpath of a module whose exports are a `delegatingProvider(...)`
 * @throws Error when the package cannot be loaded by name from the program's directory, where
 *   the provider host looks for it
 */
export function serializedProvider(stubExport: string): pulumi.dynamic.ResourceProvider {
    const request = `${PACKAGE_NAME}/${stubExport}`;
    // One object per stub and directory: Pulumi caches a provider's serialization by object.
    const key = `${process.cwd()}\0${request}`;
    const known = chosen.get(key);
    if (known) return known;
    // Self-reference by package name: always this copy, whatever node_modules holds.
    const stub = require(request) as pulumi.dynamic.ResourceProvider;
    const fromProgram = createRequire(path.join(process.cwd(), "program.js"));
    try {
        fromProgram.resolve(request);
    } catch (error) {
        throw new Error(
            `${PACKAGE_NAME} cannot be loaded from the program's directory ${process.cwd()} (${(error as Error).message.split("\n")[0]}).\n` +
                `  hint: the Pulumi provider host loads it by name from there: add "${PACKAGE_NAME}" to that directory's package.json dependencies.`,
        );
    }
    const provider = requireFormIsExact(stub, request, fromProgram) ? stub : { ...stub };
    chosen.set(key, provider);
    return provider;
}

const chosen = new Map<string, pulumi.dynamic.ResourceProvider>();

/** True when Pulumi will name `stub` `request` and the host, resolving `request`, gets this file. */
function requireFormIsExact(stub: object, request: string, fromProgram: NodeJS.Require): boolean {
    try {
        // Pulumi looks the object up in the require cache, first match wins: so do we.
        const file = Object.keys(require.cache).find((key) => require.cache[key]?.exports === stub);
        if (file === undefined || fromProgram.resolve(request) !== file) return false;
        const parts = path.relative(process.cwd(), file).split(path.sep);
        const first = parts.indexOf("node_modules");
        if (first < 0 || parts[first + 1] !== PACKAGE_NAME || parts.slice(0, first).some((part) => part !== "..")) return false;
        // Pulumi maps the path through the exports of the copy it resolves: it must be this one.
        const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
        const root = path.join(...parts.slice(0, first + 2));
        return fromPulumi.resolve(`${PACKAGE_NAME}/package.json`) === path.resolve(root, "package.json");
    } catch {
        return false;
    }
}
