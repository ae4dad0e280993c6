/**
 * Test support: the ways a user installs the package (the layout matrix), and the pinned
 * versions of everything a layout installs that the repository's lockfile does not pin.
 * `installLayouts.ts` installs them.
 *
 * @packageDocumentation
 */
/** Pinned versions of everything a layout installs that is not in the repository's lockfile: the one place. */
export const PINNED = {
    pnpm: "10.34.9",
    yarn: "1.22.22",
    /** Lowest `@pulumi/pulumi` that `peerDependencies` allows. */
    pulumiLowest: "3.139.0",
    /** Newest `@pulumi/pulumi` whose `engines` allows Node 20 (3.249.0 needs Node 22). */
    pulumiNewest: "3.248.0",
} as const;

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
}

/** Every layout of the matrix. */
export const LAYOUTS: readonly Layout[] = [
    { name: "npm", manager: "npm", language: "js", pulumi: PINNED.pulumiNewest },
    { name: "yarn classic", manager: "yarn", language: "js", pulumi: PINNED.pulumiNewest },
    { name: "pnpm default", manager: "pnpm", language: "js", pulumi: PINNED.pulumiNewest },
    { name: "pnpm hoist=false", manager: "pnpm", language: "js", pulumi: PINNED.pulumiNewest, npmrc: ["hoist=false"] },
    {
        name: "pnpm node-linker=hoisted",
        manager: "pnpm",
        language: "js",
        pulumi: PINNED.pulumiNewest,
        npmrc: ["node-linker=hoisted"],
    },
    { name: "npm workspaces", manager: "npm", language: "js", pulumi: PINNED.pulumiNewest, workspace: true },
    { name: "ES module", manager: "npm", language: "esm", pulumi: PINNED.pulumiNewest },
    { name: "TypeScript (ts-node)", manager: "npm", language: "ts", pulumi: PINNED.pulumiNewest },
    { name: `npm, pulumi ${PINNED.pulumiLowest}`, manager: "npm", language: "js", pulumi: PINNED.pulumiLowest },
    {
        name: `pnpm default, pulumi ${PINNED.pulumiLowest}`,
        manager: "pnpm",
        language: "js",
        pulumi: PINNED.pulumiLowest,
    },
    {
        name: `TypeScript, pulumi ${PINNED.pulumiLowest}`,
        manager: "npm",
        language: "ts",
        pulumi: PINNED.pulumiLowest,
    },
];
