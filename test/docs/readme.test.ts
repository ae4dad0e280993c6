/// <reference types="mocha" />
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { SETTING_SOURCES } from "pulumi-huaweicloud-workspace-jobs";
import { DECISION_TABLE } from "../../provider/host/retryDecision";
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

    it("shows the decision table: every status of the code's table, with what it means for each job type, and links the full reference", () => {
        const section = readme.slice(readme.indexOf("### Decided from the Workspace service's state"), readme.indexOf("## Waiting"));
        expect(section).to.include("(docs/service-state.md)");
        const statuses = new Set(Object.values(DECISION_TABLE).flatMap((row) => Object.keys(row)));
        for (const status of statuses) {
            const row = section.split("\n").find((line) => line.startsWith("|") && line.includes(`\`${status}\``));
            expect(row, `a row for ${status}`).to.not.equal(undefined);
            const [apply, cancel] = row!.split("|").slice(-3, -1);
            for (const [cell, verdict] of [
                [apply, DECISION_TABLE.applyWorkspace[status]],
                [cancel, DECISION_TABLE.cancelWorkspace[status]],
            ]) {
                expect(cell, `${status}: ${verdict}`).to.match(verdict === "send" ? /retry, once/ : /no POST/);
            }
        }
    });
});
