import { MAX_SUB_JOB_PAGES, SUB_JOBS_PAGE_SIZE } from "./constants";
import type { ListedSubJob, SubJobPage, SubJobQuery } from "./subJobs";

/** Reads one page of sub jobs: `WorkspaceClient.listSubJobs`, or a stand-in in tests. */
export type ListSubJobs = (query: SubJobQuery) => Promise<SubJobPage>;

/** How many pages to read, and how big. */
export interface PagingOptions {
    /** Sub jobs per page (`limit`), 1 to 1000. @defaultValue 1000 */
    pageSize: number;
    /** Pages read before giving up with a {@link TooManyPagesError}. @defaultValue 20 */
    maxPages: number;
}

/** Default paging: the API's largest page, and a bound that stops a runaway listing. */
export const DEFAULT_PAGING: Readonly<PagingOptions> = { pageSize: SUB_JOBS_PAGE_SIZE, maxPages: MAX_SUB_JOB_PAGES };

/** The listing has more pages than the bound allows; nothing was retried or returned. */
export class TooManyPagesError extends Error {
    /** Always `"TooManyPagesError"`, so type guards work across copies of this package. */
    override readonly name = "TooManyPagesError";
}

/**
 * Every sub job matching a query, page after page (`limit` / `offset`), each at most once.
 * Stops at the first short or empty page, or once `total_count` is reached; throws a
 * {@link TooManyPagesError} rather than read more than `maxPages` pages.
 *
 * @param list - reads one page
 * @param query - the filters (its `limit` and `offset` are set here)
 * @param paging - page size and bound
 */
export async function listAllSubJobs(
    list: ListSubJobs,
    query: SubJobQuery,
    paging: PagingOptions = DEFAULT_PAGING,
): Promise<ListedSubJob[]> {
    const seen = new Map<string, ListedSubJob>();
    let offset = 0;
    for (let pages = 0; ; pages += 1) {
        if (pages === paging.maxPages) {
            throw new TooManyPagesError(
                `Listing ${describe(query)} sub jobs stopped after ${paging.maxPages} pages of ${paging.pageSize} (${offset} sub jobs), and more remain. ` +
                    `Narrow the listing to fewer job types, or clean up old failed jobs in the Workspace console.`,
            );
        }
        const page = await list({ ...query, limit: paging.pageSize, offset });
        // Offsets shift when a job fails between two pages: a sub job may come twice.
        for (const subJob of page.subJobs) seen.set(subJob.id || `${subJob.jobId}#${seen.size}`, subJob);
        offset += page.subJobs.length;
        if (page.subJobs.length < paging.pageSize || offset >= page.totalCount) {
            return [...seen.values()];
        }
    }
}

function describe(query: SubJobQuery): string {
    return [query.status, query.jobType].filter(Boolean).join(" ") || "all";
}
