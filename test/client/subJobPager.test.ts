/// <reference types="mocha" />
import { expect } from "chai";
import type { ListedSubJob, SubJobPage, SubJobQuery } from "../../provider/client/subJobs";
import { listAllSubJobs, TooManyPagesError } from "../../provider/client/subJobPager";

function subJob(index: number): ListedSubJob {
    return {
        id: `sub-${index}`,
        jobId: `job-${Math.floor(index / 2)}`,
        jobType: "applyWorkspace",
        status: "FAILED",
        beginTime: "",
        endTime: "",
        failReason: "",
        errorCode: "",
    };
}

/** A server-side list of `total` sub jobs, paged as the API pages it; records each query. */
function pagedList(total: number, reportedTotal = total) {
    const all = Array.from({ length: total }, (_, index) => subJob(index));
    const queries: SubJobQuery[] = [];
    const list = async (query: SubJobQuery): Promise<SubJobPage> => {
        queries.push(query);
        const offset = query.offset ?? 0;
        return { totalCount: reportedTotal, subJobs: all.slice(offset, offset + (query.limit ?? 1000)) };
    };
    return { list, queries };
}

describe("provider/subJobPager", () => {
    it("by default asks for the API's largest page (1000), and reads more than one page", async () => {
        const { list, queries } = pagedList(1500);
        expect(await listAllSubJobs(list, { status: "FAILED" })).to.have.length(1500);
        expect(queries).to.deep.equal([
            { status: "FAILED", limit: 1000, offset: 0 },
            { status: "FAILED", limit: 1000, offset: 1000 },
        ]);
    });

    it("reads every page, keeping the filters and advancing the offset by what arrived", async () => {
        const { list, queries } = pagedList(7);
        const subJobs = await listAllSubJobs(list, { status: "FAILED", jobType: "cancelWorkspace" }, { pageSize: 3, maxPages: 10 });
        expect(subJobs.map((sub) => sub.id)).to.deep.equal(["sub-0", "sub-1", "sub-2", "sub-3", "sub-4", "sub-5", "sub-6"]);
        expect(queries).to.deep.equal([
            { status: "FAILED", jobType: "cancelWorkspace", limit: 3, offset: 0 },
            { status: "FAILED", jobType: "cancelWorkspace", limit: 3, offset: 3 },
            { status: "FAILED", jobType: "cancelWorkspace", limit: 3, offset: 6 },
        ]);
    });

    it("stops once total_count is reached, without asking for an empty page", async () => {
        const { list, queries } = pagedList(6);
        expect(await listAllSubJobs(list, {}, { pageSize: 3, maxPages: 10 })).to.have.length(6);
        expect(queries.map((query) => query.offset)).to.deep.equal([0, 3]);
    });

    it("stops at a short page even when total_count claims more", async () => {
        const { list, queries } = pagedList(4, 100);
        expect(await listAllSubJobs(list, {}, { pageSize: 3, maxPages: 10 })).to.have.length(4);
        expect(queries.map((query) => query.offset)).to.deep.equal([0, 3]);
    });

    it("reads one page of an empty listing", async () => {
        const { list, queries } = pagedList(0);
        expect(await listAllSubJobs(list, {}, { pageSize: 3, maxPages: 10 })).to.deep.equal([]);
        expect(queries).to.have.length(1);
    });

    it("keeps each sub job once when a shifted offset sends it twice", async () => {
        const pages = [[subJob(0), subJob(1)], [subJob(1), subJob(2)], [subJob(3)]];
        let call = 0;
        const subJobs = await listAllSubJobs(async () => ({ totalCount: 5, subJobs: pages[call++] }), {}, { pageSize: 2, maxPages: 10 });
        expect(subJobs.map((sub) => sub.id)).to.deep.equal(["sub-0", "sub-1", "sub-2", "sub-3"]);
    });

    it("reads exactly maxPages pages when that is all there is", async () => {
        const { list, queries } = pagedList(6);
        expect(await listAllSubJobs(list, {}, { pageSize: 3, maxPages: 2 })).to.have.length(6);
        expect(queries).to.have.length(2);
    });

    it("stops with a clear error past the bound, without reading a page more", async () => {
        const { list, queries } = pagedList(7);
        let error: unknown;
        try {
            await listAllSubJobs(list, { status: "FAILED", jobType: "applyWorkspace" }, { pageSize: 3, maxPages: 2 });
        } catch (caught) {
            error = caught;
        }
        expect(error).to.be.instanceOf(TooManyPagesError);
        expect((error as Error).name).to.equal("TooManyPagesError");
        expect((error as Error).message)
            .to.include("FAILED applyWorkspace")
            .and.include("after 2 pages of 3 (6 sub jobs)");
        expect(queries).to.have.length(2);
    });
});
