/// <reference types="mocha" />
/**
 * The fault matrix of the retry POST, through the real host: for each fault, whether the
 * create succeeds (or the error it fails with), how many POSTs and jobs it took, and what the
 * read of the Workspace service after a lost answer found. Never a second job.
 *
 * Every row has a project of its own (a failed job its service is stuck on) and a fault aimed
 * at that project, so the rows run at once: a row whose POST started nothing looks for a job
 * for about 10 s before it says "outcome unknown", and one after another they would add up.
 */
import { expect } from "chai";
import type { Fault } from "pulumi-huaweicloud-workspace-jobs/emulator";
import {
    emulatorEnv,
    failedProject,
    FailedProject,
    FAILED_JOB,
    Harness,
    postsTo,
    retriesOf,
    startHarness,
} from "../support/jobRetryHarness";
import { HostCallError } from "../support/providerHost";
import { until } from "../support/until";

/** What one create did under a fault. */
interface Outcome {
    ok: boolean;
    message: string;
    posts: number;
    jobs: string[];
    serviceReads: number;
    ms: number;
}

const UNKNOWN =
    /^Outcome unknown: the retry of job [\s\S]*service_check=after 4 read\(s\) the service showed status SUBSCRIPTION_FAILED[\s\S]*adoptJobId/;

type Row = { fault: Omit<Fault, "route">; ok: boolean; posts: number; jobs: number; message?: RegExp };

const MATRIX: Row[] = [
    // Provably never processed: sent again.
    { fault: { kind: "throttle", count: 2 }, ok: true, posts: 3, jobs: 1 },
    { fault: { kind: "throttle", count: 1, retryAfterSeconds: 1 }, ok: true, posts: 2, jobs: 1 },
    { fault: { kind: "status", status: 503, code: "APIG.0613", count: 2 }, ok: true, posts: 3, jobs: 1 },
    {
        fault: { kind: "throttle", count: 10 },
        ok: false,
        posts: 4,
        jobs: 0,
        message: /HTTP 429 APIG\.0308[\s\S]*attempts=4[\s\S]*hint=the API is throttling/,
    },
    // A gateway 5xx other than APIG.0613 proves nothing: the service is read for a started job.
    { fault: { kind: "status", status: 503, code: "APIG.0202" }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { kind: "status", status: 502, code: "APIG.0202" }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { kind: "status", status: 504, code: "APIG.0201" }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { kind: "status", status: 504, code: "APIG.0201", afterCreate: true }, ok: true, posts: 1, jobs: 1 },
    { fault: { kind: "html", status: 502 }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { kind: "status", status: 500 }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { kind: "status", status: 500, afterCreate: true }, ok: true, posts: 1, jobs: 1 },
    // Reset or timeout after the request was written.
    { fault: { kind: "drop-before" }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { kind: "drop-after" }, ok: true, posts: 1, jobs: 1 },
    { fault: { kind: "delay", delayMs: 2500 }, ok: true, posts: 1, jobs: 1 },
    // Processed, but the answer does not name the job.
    { fault: { kind: "malformed" }, ok: true, posts: 1, jobs: 1 },
    { fault: { kind: "no-job-id" }, ok: true, posts: 1, jobs: 1 },
];

function label(fault: Row["fault"]): string {
    return [
        fault.kind,
        fault.status,
        fault.code,
        fault.afterCreate ? "after create" : undefined,
        (fault.count ?? 1) > 1 ? `x${fault.count}` : undefined,
        fault.retryAfterSeconds ? `Retry-After ${fault.retryAfterSeconds}` : undefined,
    ]
        .filter((part) => part !== undefined)
        .join(" ");
}

describe("faults on the retry POST, through the real host", function () {
    this.timeout(120_000);
    let h: Harness;
    const outcomes = new Map<Row, Outcome>();

    async function createUnder(target: FailedProject, fault: Row["fault"]): Promise<Outcome> {
        h.emulator.inject({ ...fault, route: "retry", projectId: target.projectId });
        const started = Date.now();
        const result = await h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId })).then(
            ({ id }) => ({ ok: true, message: id }),
            (error: HostCallError) => ({ ok: false, message: error.details }),
        );
        const serviceReads = h.emulator.requests.filter(
            (request) => request.route === "getWorkspaces" && request.url.startsWith(`/v2/${target.projectId}/`),
        ).length;
        return {
            ...result,
            posts: postsTo(h.emulator, target.projectId),
            jobs: retriesOf(h.emulator, target.jobId),
            serviceReads,
            ms: Date.now() - started,
        };
    }

    before(async () => {
        h = await startHarness({ env: (emulator) => ({ ...emulatorEnv(emulator), HW_MAX_RETRIES: "3", HW_REQUEST_TIMEOUT_SECONDS: "1" }) });
        // Jobs run long enough that a found job is seen running, as a retry after a real outage would be.
        Object.assign(h.emulator.store.timing, { initMs: 500, runMs: 30_000 });
        await Promise.all(
            MATRIX.map(async (row) => {
                outcomes.set(row, await createUnder(failedProject(h.emulator), row.fault));
            }),
        );
    });
    after(async () => {
        await h.stop();
        if (process.env.PRINT_FAULT_MATRIX) {
            console.log("| fault on the retry POST | outcome | POSTs | jobs started | service read | time |");
            console.log("|---|---|---|---|---|---|");
            for (const row of MATRIX) {
                const outcome = outcomes.get(row)!;
                const read =
                    outcome.serviceReads <= 1
                        ? "before the POST only"
                        : `before, and ${outcome.serviceReads - 1} after: ${outcome.ok ? "found the started job" : "no started job"}`;
                const result = outcome.ok
                    ? `success, records ${outcome.message.slice(0, 8)}...`
                    : outcome.message.split("\n")[0].slice(0, 120);
                console.log(`| ${label(row.fault)} | ${result} | ${outcome.posts} | ${outcome.jobs.length} | ${read} | ${outcome.ms} ms |`);
            }
        }
    });

    for (const row of MATRIX) {
        it(`${label(row.fault)}: ${row.ok ? "succeeds" : "fails clearly"} with ${row.jobs} job(s) started`, () => {
            const outcome = outcomes.get(row)!;
            expect(outcome.jobs, "jobs started").to.have.length(row.jobs);
            expect(outcome.posts, "retry POSTs received").to.equal(row.posts);
            expect(outcome.ok, outcome.message).to.equal(row.ok);
            if (row.ok) {
                expect(outcome.message, "the job recorded is the one the POST started").to.equal(outcome.jobs[0]);
            } else {
                expect(outcome.message).to.match(row.message!);
                expect(outcome.message.split("\n")[0].length, "first line of the error").to.be.at.most(160);
            }
            if (row.fault.retryAfterSeconds) expect(outcome.ms).to.be.at.least(row.fault.retryAfterSeconds * 1000);
        });
    }

    it("a lost answer whose job the service does not name is found in the sub-job list", async () => {
        const target = failedProject(h.emulator);
        h.emulator.inject({ route: "retry", kind: "delay", delayMs: 2500, projectId: target.projectId });
        const create = h.host.create(h.props({ jobId: target.jobId, projectId: target.projectId }));
        await until(
            () => postsTo(h.emulator, target.projectId) > 0,
            () => "the POST never arrived",
            10_000,
            5,
        );
        // The service still shows the failure it was stuck on: its state trails the POST.
        h.emulator.setService(target.projectId, { status: "SUBSCRIPTION_FAILED", jobId: target.jobId });
        const { id } = await create;
        expect(retriesOf(h.emulator, target.jobId)).to.deep.equal([id]);
        expect(
            h.apiRequests().filter((request) => request.route === "listSubJobs" && request.url.includes(target.projectId)),
        ).to.not.have.length(0);
    });

    it("a refused connection is retried, then fails without creating anything", async () => {
        const closed = await startHarness({
            env: () => ({ HW_WORKSPACE_ENDPOINT: "http://127.0.0.1:9", HW_AUTH_TOKEN: "t", HW_PROJECT_ID: "p", HW_MAX_RETRIES: "2" }),
        });
        try {
            const error = await closed.host.create(closed.props({ jobId: FAILED_JOB })).then(
                () => expect.fail("should fail"),
                (e: HostCallError) => e,
            );
            expect(error.details).to.match(/network error ECONNREFUSED[\s\S]*attempts=3/);
        } finally {
            await closed.stop();
        }
    });
});
