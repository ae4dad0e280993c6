/// <reference types="mocha" />
import { expect } from "chai";
import { failReasonOf, isFinished, JobDetails, jobPhase, parseJob, SubJob, summarizeSubJobs } from "../../provider/client/jobs";

function job(status: string, subJobs: Array<Partial<SubJob> & { status: string }> = [], failReason = ""): JobDetails {
    return {
        id: "job-1",
        jobType: "applyWorkspace",
        status,
        failReason,
        jobErrorCode: "",
        subJobs: subJobs.map((sub, index) => ({ id: `sub-${index}`, failReason: "", ...sub })),
    };
}

describe("client/jobs", () => {
    describe("jobPhase", () => {
        for (const status of ["INIT", "WAITING", "RUNNING"]) {
            it(`${status} is pending`, () => {
                expect(jobPhase(job(status, [{ status: "WAITING" }]))).to.equal("pending");
            });
        }

        for (const status of ["SUCCESS", "COMPLETE", "success", "Complete"]) {
            it(`${status} with every sub job SUCCESS is succeeded`, () => {
                expect(jobPhase(job(status, [{ status: "SUCCESS" }, { status: "success" }]))).to.equal("succeeded");
            });
        }

        it("SUCCESS without sub jobs is succeeded", () => {
            expect(jobPhase(job("SUCCESS"))).to.equal("succeeded");
        });

        for (const status of ["FAIL", "FAILED", "failed"]) {
            it(`${status} is failed`, () => {
                expect(jobPhase(job(status))).to.equal("failed");
            });
        }

        it("FAILED is failed even when every sub job succeeded", () => {
            expect(jobPhase(job("FAILED", [{ status: "SUCCESS" }]))).to.equal("failed");
        });

        it("a SUCCESS job with a FAILED sub job is failed", () => {
            expect(jobPhase(job("SUCCESS", [{ status: "SUCCESS" }, { status: "FAILED" }]))).to.equal("failed");
        });

        it("a COMPLETE job with a sub job still RUNNING counts as failed (any sub job not SUCCESS)", () => {
            expect(jobPhase(job("COMPLETE", [{ status: "RUNNING" }, { status: "SUCCESS" }]))).to.equal("failed");
        });

        for (const status of ["PROCESSING", "QUEUED", "", "SUCCEEDED?"]) {
            it(`unknown status ${JSON.stringify(status)} is pending`, () => {
                expect(jobPhase(job(status))).to.equal("pending");
            });
        }
    });

    describe("isFinished", () => {
        it("is true for every spelling jobPhase reads as succeeded or failed, in any case, and false otherwise", () => {
            for (const status of ["SUCCESS", "COMPLETE", "COMPLETED", "FAILED", "FAIL", "success", "Failed"]) {
                expect(isFinished(status), status).to.equal(true);
                expect(jobPhase(job(status)), status).to.not.equal("pending");
            }
            for (const status of ["INIT", "WAITING", "RUNNING", ""]) expect(isFinished(status), status).to.equal(false);
        });
    });

    describe("summarizeSubJobs", () => {
        it("counts sub jobs by raw status", () => {
            expect(
                summarizeSubJobs(
                    job("RUNNING", [
                        { status: "SUCCESS" },
                        { status: "FAILED" },
                        { status: "SUCCESS" },
                        { status: "RUNNING" },
                        { status: "success" },
                    ]),
                ),
            ).to.deep.equal({
                SUCCESS: 2,
                FAILED: 1,
                RUNNING: 1,
                success: 1,
            });
        });

        it("is empty without sub jobs", () => {
            expect(summarizeSubJobs(job("SUCCESS"))).to.deep.equal({});
        });
    });

    describe("failReasonOf", () => {
        it("prefers the job's own fail reason", () => {
            expect(failReasonOf(job("FAILED", [{ status: "FAILED", failReason: "sub reason" }], "job reason"))).to.equal("job reason");
        });

        it("falls back to the first failed sub job's reason, naming the sub job", () => {
            const details = job("SUCCESS", [
                { status: "SUCCESS" },
                { status: "FAILED", failReason: "no capacity", id: "sub-b" },
                { status: "FAILED", failReason: "other" },
            ]);
            expect(failReasonOf(details)).to.equal("sub job sub-b: no capacity");
        });

        it("skips failed sub jobs that give no reason", () => {
            const details = job("FAILED", [{ status: "FAILED" }, { status: "FAILED", failReason: "second", id: "s2" }]);
            expect(failReasonOf(details)).to.equal("sub job s2: second");
        });

        it("ignores reasons on SUCCESS sub jobs and is empty when there is none", () => {
            expect(failReasonOf(job("SUCCESS", [{ status: "SUCCESS", failReason: "stale text" }]))).to.equal("");
            expect(failReasonOf(job("FAILED"))).to.equal("");
        });
    });

    describe("parseJob", () => {
        it("maps the API's snake_case fields", () => {
            const parsed = parseJob({
                id: "j1",
                job_type: "cancelWorkspace",
                status: "FAILED",
                fail_reason: "boom",
                job_error_code: "WKS.00010050",
                sub_jobs_total: 2,
                sub_jobs: [
                    { id: "s1", status: "SUCCESS", fail_reason: "", entities: { desktop_name: "d" } },
                    { id: "s2", status: "FAILED", fail_reason: "no capacity" },
                ],
            });
            expect(parsed).to.deep.equal({
                id: "j1",
                jobType: "cancelWorkspace",
                status: "FAILED",
                failReason: "boom",
                jobErrorCode: "WKS.00010050",
                subJobs: [
                    { id: "s1", status: "SUCCESS", failReason: "" },
                    { id: "s2", status: "FAILED", failReason: "no capacity" },
                ],
            });
        });

        it("tolerates missing fields, nulls, non-string values and junk sub jobs", () => {
            const parsed = parseJob({ id: 7, status: null, sub_jobs: [null, "x", { status: "RUNNING" }] });
            expect(parsed).to.deep.equal({
                id: "7",
                jobType: "",
                status: "",
                failReason: "",
                jobErrorCode: "",
                subJobs: [{ id: "", status: "RUNNING", failReason: "" }],
            });
            expect(parseJob({ sub_jobs: "not a list" }).subJobs).to.deep.equal([]);
        });
    });
});
