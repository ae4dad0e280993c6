/// <reference types="mocha" />
import { expect } from "chai";
import type { JobDetails } from "../../provider/client/jobs";
import type { JobTimes } from "../../provider/client/jobTimes";
import type { ListedSubJob } from "../../provider/client/subJobs";
import { failedJobOf, oldestFirst, parentJobIds } from "../../provider/program/failedJobGrouping";
import type { FailedJob } from "../../provider/program/failedJobsArgs";

const TYPES = ["applyWorkspace", "cancelWorkspace"];

function sub(jobId: string, beginTime = "", id = `${jobId}-${beginTime}`): ListedSubJob {
    return { id, jobId, jobType: "applyWorkspace", status: "FAILED", beginTime, endTime: "", failReason: "", errorCode: "" };
}

function parent(overrides: Partial<JobDetails & JobTimes> = {}): JobDetails & JobTimes {
    return {
        id: "job-1",
        jobType: "applyWorkspace",
        status: "FAILED",
        failReason: "",
        jobErrorCode: "",
        beginTime: "2024-05-01T10:00:00Z",
        endTime: "2024-05-01T10:05:00Z",
        subJobs: [
            { id: "s1", status: "FAILED", failReason: "no capacity" },
            { id: "s2", status: "FAILED", failReason: "no capacity" },
            { id: "s3", status: "SUCCESS", failReason: "" },
        ],
        ...overrides,
    };
}

function failed(jobId: string, beginTime: string): FailedJob {
    return { jobId, jobType: "applyWorkspace", status: "FAILED", failReason: "", beginTime, endTime: "", subJobs: {}, current: false };
}

const MAY_1 = Date.parse("2024-05-01T00:00:00Z");

describe("provider/failedJobGrouping", () => {
    describe("parentJobIds", () => {
        it("groups sub jobs by parent: each parent once, in order of first appearance", () => {
            expect(parentJobIds([sub("b"), sub("a"), sub("b", "", "b2"), sub("c"), sub("a", "", "a2")])).to.deep.equal(["b", "a", "c"]);
        });

        it("ignores sub jobs that name no parent", () => {
            expect(parentJobIds([sub(""), sub("a")])).to.deep.equal(["a"]);
        });

        it("with since, leaves out a parent with any sub job that began before it (no read needed)", () => {
            const subJobs = [
                sub("old", "2024-04-30T23:59:59Z"),
                sub("mixed", "2024-05-01T00:00:01Z"),
                sub("mixed", "2024-04-01T00:00:00Z", "mixed-2"),
                sub("new", "2024-05-01T00:00:00Z"),
                sub("unknown-time", "not a time"),
            ];
            expect(parentJobIds(subJobs, MAY_1)).to.deep.equal(["new", "unknown-time"]);
            expect(parentJobIds(subJobs)).to.deep.equal(["old", "mixed", "new", "unknown-time"]);
        });
    });

    describe("failedJobOf", () => {
        it("describes a failed job: times as given, fail reason, sub jobs counted by status", () => {
            expect(failedJobOf(parent(), TYPES)).to.deep.equal({
                jobId: "job-1",
                jobType: "applyWorkspace",
                status: "FAILED",
                failReason: "sub job s1: no capacity",
                beginTime: "2024-05-01T10:00:00Z",
                endTime: "2024-05-01T10:05:00Z",
                subJobs: { FAILED: 2, SUCCESS: 1 },
            });
            expect(failedJobOf(parent({ failReason: "quota exceeded" }), TYPES)?.failReason).to.equal("quota exceeded");
        });

        it("accepts both spellings of a failed status, as the API spelled them", () => {
            expect(failedJobOf(parent({ status: "FAIL" }), TYPES)?.status).to.equal("FAIL");
            expect(failedJobOf(parent({ status: "failed" }), TYPES)?.status).to.equal("failed");
        });

        it("leaves out a job whose own status is not failed, even with failed sub jobs", () => {
            for (const status of ["SUCCESS", "COMPLETE", "RUNNING", "INIT", "WAITING", ""]) {
                expect(failedJobOf(parent({ status }), TYPES), status).to.equal(undefined);
            }
        });

        it("leaves out a job of a type not asked for", () => {
            expect(failedJobOf(parent({ jobType: "createDesktop" }), TYPES)).to.equal(undefined);
            expect(failedJobOf(parent({ jobType: "cancelWorkspace" }), ["applyWorkspace"])).to.equal(undefined);
        });

        it("with since, keeps a job that began at or after it, and leaves out older ones and unreadable times", () => {
            expect(failedJobOf(parent({ beginTime: "2024-05-01T00:00:00Z" }), TYPES, MAY_1)).to.not.equal(undefined);
            expect(failedJobOf(parent({ beginTime: "2024-04-30 23:59:59" }), TYPES, MAY_1)).to.equal(undefined);
            expect(failedJobOf(parent({ beginTime: "" }), TYPES, MAY_1)).to.equal(undefined);
            expect(failedJobOf(parent({ beginTime: "" }), TYPES), "no since: the time does not matter").to.not.equal(undefined);
        });
    });

    describe("oldestFirst", () => {
        it("sorts by begin time, whatever the spelling, then by id; unreadable times last", () => {
            const jobs = [
                failed("d", ""),
                failed("c", "2024-05-02T00:00:00Z"),
                failed("b", "2024-05-01 12:00:00"),
                failed("a", "2024-05-02T02:00:00+02:00"),
                failed("e", "2024-05-01T00:00:00Z"),
            ];
            expect(oldestFirst(jobs).map((job) => job.jobId)).to.deep.equal(["e", "b", "a", "c", "d"]);
            expect(jobs[0].jobId, "the input is left as it was").to.equal("d");
        });
    });
});
