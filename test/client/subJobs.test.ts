/// <reference types="mocha" />
import { expect } from "chai";
import { apiTimeMs, parseJobTimes } from "../../provider/client/jobTimes";
import { parseSubJobPage, subJobQueryString } from "../../provider/client/subJobs";

describe("client/subJobs", () => {
    describe("subJobQueryString", () => {
        it("writes the API's names in a fixed order, whatever the order of the fields", () => {
            expect(subJobQueryString({ offset: 2000, limit: 1000, jobType: "applyWorkspace", status: "FAILED" })).to.equal(
                "?status=FAILED&job_type=applyWorkspace&limit=1000&offset=2000",
            );
            expect(subJobQueryString({ desktopPoolId: "p1", jobId: "j1" })).to.equal("?job_id=j1&desktop_pool_id=p1");
        });

        it("leaves out absent and empty filters, keeps a zero, and is empty when nothing is set", () => {
            expect(subJobQueryString({})).to.equal("");
            expect(subJobQueryString({ status: "", offset: 0 })).to.equal("?offset=0");
        });

        it("percent-encodes values, so nothing can add a parameter", () => {
            expect(subJobQueryString({ jobId: "a&status=SUCCESS b" })).to.equal("?job_id=a%26status%3DSUCCESS%20b");
        });
    });

    describe("parseSubJobPage", () => {
        it("maps the API's snake_case fields and total_count", () => {
            const page = parseSubJobPage({
                total_count: 7,
                jobs: [
                    {
                        id: "s1",
                        job_id: "j1",
                        job_type: "applyWorkspace",
                        status: "FAILED",
                        begin_time: "2024-05-06T07:08:09.000Z",
                        end_time: "2024-05-06T07:09:00.000Z",
                        fail_reason: "no capacity",
                        error_code: "WKS.00010051",
                        entities: { desktop_name: "d" },
                        process: 100,
                    },
                ],
            });
            expect(page).to.deep.equal({
                totalCount: 7,
                subJobs: [
                    {
                        id: "s1",
                        jobId: "j1",
                        jobType: "applyWorkspace",
                        status: "FAILED",
                        beginTime: "2024-05-06T07:08:09.000Z",
                        endTime: "2024-05-06T07:09:00.000Z",
                        failReason: "no capacity",
                        errorCode: "WKS.00010051",
                    },
                ],
            });
        });

        it("skips entries that are not objects and counts what arrived when total_count is missing or bad", () => {
            const page = parseSubJobPage({ total_count: "many", jobs: [null, "x", { id: 5, job_id: null }] });
            expect(page).to.deep.equal({
                totalCount: 1,
                subJobs: [{ id: "5", jobId: "", jobType: "", status: "", beginTime: "", endTime: "", failReason: "", errorCode: "" }],
            });
        });

        it("says why an answer without a jobs list is not a page", () => {
            expect(parseSubJobPage({ total_count: 3 })).to.equal('the answer has no "jobs" list (got null)');
            expect(parseSubJobPage({ jobs: {} })).to.equal('the answer has no "jobs" list (got {})');
        });
    });

    describe("job times", () => {
        it("reads begin_time and end_time as given, anything but a string as empty", () => {
            expect(parseJobTimes({ begin_time: "2024-05-06T07:08:09Z", end_time: null })).to.deep.equal({
                beginTime: "2024-05-06T07:08:09Z",
                endTime: "",
            });
        });

        it("reads times with a zone as given, and times without one as UTC", () => {
            const utc = Date.UTC(2024, 4, 6, 7, 8, 9);
            expect(apiTimeMs("2024-05-06T07:08:09.000Z")).to.equal(utc);
            expect(apiTimeMs("2024-05-06T09:08:09+02:00")).to.equal(utc);
            expect(apiTimeMs("2024-05-06 07:08:09")).to.equal(utc);
            expect(apiTimeMs("2024-05-06T07:08:09")).to.equal(utc);
        });

        it("answers undefined for what is not a time", () => {
            expect(apiTimeMs("")).to.equal(undefined);
            expect(apiTimeMs("yesterday")).to.equal(undefined);
        });
    });
});
