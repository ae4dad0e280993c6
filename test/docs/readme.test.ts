/// <reference types="mocha" />
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { SETTING_SOURCES } from "pulumi-huaweicloud-workspace-jobs";
import { REPO_ROOT } from "../support/jobRetryHarness";

describe("README", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const settingsTable = readme.slice(readme.indexOf("## Settings"), readme.indexOf("### Keeping credentials secret"));

    it("shows the two set-up commands", () => {
        expect(readme).to.include("npm ci && npm run demo");
        expect(readme).to.include("npm test");
    });

    for (const [name, source] of Object.entries(SETTING_SOURCES)) {
        it(`lists the ${name} setting with its config key and every environment variable`, () => {
            const row = settingsTable.split("\n").find((line) => line.includes(`\`${source.config}\``));
            expect(row, `a settings row for ${source.config}`).to.not.equal(undefined);
            for (const variable of source.env) {
                expect(row).to.include(`\`${variable}\``);
            }
            if (source.input) {
                expect(row).to.include(`\`${source.input}\``);
            }
        });
    }
});
