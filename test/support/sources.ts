/**
 * The repository's TypeScript read as text, for the architecture tests that check what the
 * code itself (not its comments) does: what it imports, whether it opens sockets, which words
 * its messages use.
 *
 * @packageDocumentation
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * A source text with its comments removed: a comment may name what the code must not do.
 *
 * @param text - a TypeScript source
 */
export function codeOf(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/**
 * Every `.ts` file (not `.d.ts`) below some folders of the repository, by its
 * repository-relative, `/`-separated path; `node_modules` is skipped.
 *
 * @param dirs - repository-relative folders, e.g. `["provider"]`
 */
export function readSources(dirs: readonly string[]): Map<string, string> {
    const sources = new Map<string, string>();
    const walk = (dir: string): void => {
        for (const entry of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
            const file = `${dir}/${entry.name}`;
            if (entry.isDirectory() && entry.name !== "node_modules") walk(file);
            else if (entry.isFile() && file.endsWith(".ts") && !file.endsWith(".d.ts")) {
                sources.set(file, readFileSync(path.join(REPO_ROOT, file), "utf8"));
            }
        }
    };
    for (const dir of dirs) walk(dir);
    return sources;
}
