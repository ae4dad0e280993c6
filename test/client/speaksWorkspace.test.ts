/// <reference types="mocha" />
// The client speaks Workspace, not Pulumi: its errors reach plain-Node callers of getFailedJobs
// too, so no text it builds names the Pulumi CLI, an input of a resource or a stack config key.
// The layers above (shared/pulumiAdvice.ts, host/serviceMessages.ts) add that advice.
import { expect } from "chai";
import { codeOf, readSources } from "../support/sources";

/** Words of the layers above: the CLI and its commands, a resource input, stack config keys. */
const PULUMI_WORDS = /pulumi|adoptJobId|huaweicloud:|stack config/i;

/** Every line of code that names a word of the layers above, as `file:line: text`. */
function pulumiWordsIn(sources: ReadonlyMap<string, string>): string[] {
    const found: string[] = [];
    for (const [file, text] of sources) {
        codeOf(text)
            .split("\n")
            .forEach((line, index) => {
                if (PULUMI_WORDS.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
            });
    }
    return found;
}

/** The client's sources, by path inside `provider/client/` (comments are dropped by the check, not here). */
function clientSources(): Map<string, string> {
    return new Map([...readSources(["provider/client"])].map(([file, text]) => [file.slice("provider/client/".length), text]));
}

describe("provider/client speaks Workspace, not Pulumi", () => {
    it("reads the whole client (so the check below is not vacuous)", () => {
        const sources = clientSources();
        expect(sources.size).to.be.above(15);
        expect([...sources.keys()]).to.include.members(["errors.ts", "hints.ts", "workspaceClient.ts", "retry/classify.ts"]);
    });

    it("names no Pulumi command, resource input or stack config key in its code and messages", () => {
        expect(pulumiWordsIn(clientSources())).to.deep.equal([]);
    });

    it("catches a planted Pulumi word in a message, but not in a comment (the checker can fail)", () => {
        const planted = new Map([
            ["hints.ts", 'return "the token expired: run pulumi up again";'],
            ["errors.ts", "const text = `set adoptJobId to ${job}`;"],
            ["jobs.ts", "// a comment may say pulumi up\n/** or adoptJobId */\nconst url = 'https://huaweicloud:443';"],
            ["http.ts", 'throw new Error("set it in stack config");'],
        ]);
        expect(pulumiWordsIn(planted)).to.deep.equal([
            'hints.ts:1: return "the token expired: run pulumi up again";',
            "errors.ts:1: const text = `set adoptJobId to ${job}`;",
            "jobs.ts:3: const url = 'https://huaweicloud:443';",
            'http.ts:1: throw new Error("set it in stack config");',
        ]);
    });
});
