/// <reference types="mocha" />
import { expect } from "chai";
import { checkFailedJobsArgs, FailedJobsArgumentError, GetFailedJobsArgs } from "../../provider/program/failedJobsArgs";

function rejected(args: unknown): FailedJobsArgumentError {
    try {
        checkFailedJobsArgs(args as GetFailedJobsArgs);
    } catch (error) {
        expect(error).to.be.instanceOf(FailedJobsArgumentError);
        expect((error as Error).name).to.equal("FailedJobsArgumentError");
        return error as FailedJobsArgumentError;
    }
    throw new Error(`expected ${JSON.stringify(args)} to be rejected`);
}

describe("provider/failedJobsArgs", () => {
    it("defaults to both retriable job types, no time bound, no setting inputs, and the current failure only", () => {
        expect(checkFailedJobsArgs(undefined)).to.deep.equal({
            settingInputs: {},
            jobTypes: ["applyWorkspace", "cancelWorkspace"],
            sinceMs: undefined,
            includeHistory: false,
        });
        expect(checkFailedJobsArgs({})).to.deep.equal(checkFailedJobsArgs(undefined));
    });

    it("passes projectId, region and endpoint on to the settings resolver; empty ones fall back", () => {
        const checked = checkFailedJobsArgs({ projectId: "p1", region: "cn-north-4", endpoint: "http://127.0.0.1:1", jobTypes: undefined });
        expect(checked.settingInputs).to.deep.equal({ projectId: "p1", region: "cn-north-4", endpoint: "http://127.0.0.1:1" });
        expect(checkFailedJobsArgs({ projectId: "", region: "" }).settingInputs).to.deep.equal({});
    });

    it("keeps the job types given, each once", () => {
        expect(checkFailedJobsArgs({ jobTypes: ["cancelWorkspace", "cancelWorkspace"] }).jobTypes).to.deep.equal(["cancelWorkspace"]);
    });

    it("reads since from a Date or an ISO-8601 string with a zone", () => {
        const ms = Date.UTC(2024, 4, 1);
        expect(checkFailedJobsArgs({ since: new Date(ms) }).sinceMs).to.equal(ms);
        expect(checkFailedJobsArgs({ since: "2024-05-01T00:00:00Z" }).sinceMs).to.equal(ms);
        expect(checkFailedJobsArgs({ since: "2024-05-01T08:00:00+08:00" }).sinceMs).to.equal(ms);
    });

    it("names the field and what is allowed for each bad argument", () => {
        const cases: Array<[unknown, string, string]> = [
            [{ jobTypes: ["createDesktop"] }, "jobTypes", 'may hold only "applyWorkspace" and "cancelWorkspace"'],
            [{ jobTypes: [] }, "jobTypes", "must be a non-empty list"],
            [{ jobTypes: "applyWorkspace" }, "jobTypes", "must be a non-empty list"],
            [{ since: "2024-05-01" }, "since", "with a zone"],
            [{ since: "last tuesday Z" }, "since", "ISO-8601"],
            [{ since: 1714521600000 }, "since", "got a number"],
            [{ since: new Date(Number.NaN) }, "since", "invalid Date"],
            [{ projectId: "a/b" }, "projectId", "letters, digits"],
            [{ region: "North 4" }, "region", "region name"],
            [{ endpoint: "http://workspace.example.com" }, "endpoint", "https://"],
            [{ endpoint: 8080 }, "endpoint", "must be a string"],
            [{ jobType: ["applyWorkspace"] }, "jobType", "is not an argument of getFailedJobs"],
            ["cn-north-4", "args", "must be an object"],
        ];
        for (const [args, field, reason] of cases) {
            const error = rejected(args);
            expect(error.field, JSON.stringify(args)).to.equal(field);
            expect(error.message, JSON.stringify(args)).to.include(`"${field}"`).and.include(reason);
        }
    });
});
