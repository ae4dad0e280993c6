/**
 * The provider objects the resources hand to Pulumi. Pulumi serializes each into the state's
 * `__provider` by value: a few arrow functions that `require()` the host's implementation by
 * package name when the provider host calls them. The state then holds no path, setting or
 * credential, `pulumi destroy` / `refresh` run the installed package's code rather than a
 * copy frozen into the state, and the text is the same in every layout (npm, yarn, pnpm's
 * isolated store, workspaces, ES modules), so switching package manager changes nothing.
 *
 * This is the one place where the program reaches the host's code, and only as text that the
 * host evaluates: nothing here is imported from `provider/host/`.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";
import * as path from "node:path";
import { firstLine } from "../client/errors";
import { delegatingProvider } from "../shared/delegatingProvider";
import { PACKAGE_NAME } from "../shared/constants";

// Literals, not PACKAGE_NAME: the arrows are stored in the state as written.
const PROVIDERS = {
    jobRetry: delegatingProvider(() => require("pulumi-huaweicloud-workspace-jobs/internal/provider").shared()),
    jobWait: delegatingProvider(() => require("pulumi-huaweicloud-workspace-jobs/internal/jobWaitProvider").shared()),
};

/** The resources whose providers this package serializes. */
export type ProvidedResource = keyof typeof PROVIDERS;

/** Program directories already checked: the check resolves a module path, once per directory. */
const loadable = new Set<string>();

/**
 * The provider object of a resource kind, for `dynamic.Resource`. Always the same object per
 * kind: Pulumi caches a provider's serialization by object, so a program serializes it once.
 *
 * @param kind - which resource's provider
 * @throws Error when the package cannot be loaded by name from the program's directory, where
 *   the provider host will look for it: better now, before anything is sent, than at the
 *   host's first call
 */
export function serializedProvider(kind: ProvidedResource): pulumi.dynamic.ResourceProvider {
    const dir = process.cwd();
    if (!loadable.has(dir)) {
        try {
            createRequire(path.join(dir, "program.js")).resolve(`${PACKAGE_NAME}/package.json`);
        } catch (error) {
            throw new Error(
                `${PACKAGE_NAME} cannot be loaded from the program's directory ${dir} (${firstLine(error as Error)}).\n` +
                    `  hint: the Pulumi provider host loads it by name from there: add "${PACKAGE_NAME}" to that directory's package.json dependencies.`,
            );
        }
        loadable.add(dir);
    }
    return PROVIDERS[kind];
}
