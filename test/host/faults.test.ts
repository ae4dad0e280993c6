/// <reference types="mocha" />
import { expect } from "chai";
import type { Fault } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { emulatorEnv, FAILED_JOB, Harness, startHarness } from "../support/jobRetryHarness";
import { HostCallError } from "../support/providerHost";

/** What one create did under a fault. */
interface Outcome {
    ok: boolean;
    message: string;
    posts: number;
    jobsCreated: number;
}

/**
 * The fault matrix of the retry POST: for each fault, whether the create succeeds (or the
 * error it fails with) and how many jobs the emulator started. Never more than one.
 */
const UNKNOWN = /^Outcome unknown: the retry of job [\s\S]*adoptJobId/;

const MATRIX: Array<{ fault: Fault; ok: boolean; posts: number; jobs: number; message?: RegExp }> = [
    // Provably never processed: sent again.
    { fault: { route: "retry", kind: "throttle", count: 2 }, ok: true, posts: 3, jobs: 1 },
    { fault: { route: "retry", kind: "throttle", count: 1, retryAfterSeconds: 1 }, ok: true, posts: 2, jobs: 1 },
    { fault: { route: "retry", kind: "status", status: 503, code: "APIG.0613", count: 2 }, ok: true, posts: 3, jobs: 1 },
    {
        fault: { route: "retry", kind: "throttle", count: 10 },
        ok: false,
        posts: 4,
        jobs: 0,
        message: /HTTP 429 APIG\.0308[\s\S]*attempts=4[\s\S]*hint=the API is throttling/,
    },
    // A gateway 5xx other than APIG.0613 proves nothing: the backend may have started the job.
    { fault: { route: "retry", kind: "status", status: 503, code: "APIG.0202" }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { route: "retry", kind: "status", status: 502, code: "APIG.0202" }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { route: "retry", kind: "status", status: 504, code: "APIG.0201" }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    {
        fault: { route: "retry", kind: "status", status: 504, code: "APIG.0201", afterCreate: true },
        ok: false,
        posts: 1,
        jobs: 1,
        message: UNKNOWN,
    },
    { fault: { route: "retry", kind: "html", status: 502 }, ok: false, posts: 1, jobs: 0, message: UNKNOWN },
    { fault: { route: "retry", kind: "status", status: 500 }, ok: false, posts: 1, jobs: 0, message: /Outcome unknown[\s\S]*HTTP 500/ },
    {
        fault: { route: "retry", kind: "status", status: 500, afterCreate: true },
        ok: false,
        posts: 1,
        jobs: 1,
        message: /Outcome unknown[\s\S]*HTTP 500/,
    },
    // Reset or timeout after the request was written: outcome unknown.
    { fault: { route: "retry", kind: "drop-before" }, ok: false, posts: 1, jobs: 0, message: /Outcome unknown[\s\S]*network error/ },
    { fault: { route: "retry", kind: "drop-after" }, ok: false, posts: 1, jobs: 1, message: /Outcome unknown[\s\S]*network error/ },
    {
        fault: { route: "retry", kind: "delay", delayMs: 2500 },
        ok: false,
        posts: 1,
        jobs: 1,
        message: /Outcome unknown[\s\S]*no answer within 1000 ms/,
    },
    // Processed, but the answer is unusable.
    {
        fault: { route: "retry", kind: "malformed" },
        ok: false,
        posts: 1,
        jobs: 1,
        message: /HTTP 200[\s\S]*not JSON[\s\S]*did not say which job/,
    },
    { fault: { route: "retry", kind: "no-job-id" }, ok: false, posts: 1, jobs: 1, message: /HTTP 200[\s\S]*no usable job_id/ },
];

describe("faults on the retry POST, through the real host", () => {
    let h: Harness;
    const outcomes: string[] = [];

    before(async () => {
        h = await startHarness({ env: (emulator) => ({ ...emulatorEnv(emulator), HW_MAX_RETRIES: "3", HW_REQUEST_TIMEOUT_SECONDS: "1" }) });
    });
    after(async () => {
        await h.stop();
        if (process.env.PRINT_FAULT_MATRIX) console.log(outcomes.join("\n"));
    });
    beforeEach(() => h.emulator.reset());

    async function createUnder(fault: Fault): Promise<Outcome> {
        h.emulator.inject(fault);
        const result = await h.host.create(h.props({ jobId: FAILED_JOB })).then(
            ({ id }) => ({ ok: true, message: id }),
            (error: HostCallError) => ({ ok: false, message: error.details }),
        );
        const posts = h.apiRequests().filter((request) => request.route === "retry").length;
        return { ...result, posts, jobsCreated: h.emulator.jobsCreated };
    }

    for (const row of MATRIX) {
        const label = `${row.fault.kind}${row.fault.status ? ` ${row.fault.status}` : ""}${row.fault.code ? ` ${row.fault.code}` : ""}${row.fault.afterCreate ? " after create" : ""}${(row.fault.count ?? 1) > 1 ? ` x${row.fault.count}` : ""}${row.fault.retryAfterSeconds ? ` Retry-After ${row.fault.retryAfterSeconds}` : ""}`;
        it(`${label}: ${row.ok ? "succeeds" : "fails clearly"} with ${row.jobs} job(s) created`, async () => {
            const started = Date.now();
            const outcome = await createUnder(row.fault);
            outcomes.push(
                `| ${label} | ${outcome.ok ? "success" : outcome.message.split("\n")[0].slice(0, 160)} | ${outcome.posts} | ${outcome.jobsCreated} | ${Date.now() - started} ms |`,
            );
            expect(outcome.jobsCreated, "jobs created").to.equal(row.jobs);
            expect(outcome.posts, "retry POSTs received").to.equal(row.posts);
            expect(outcome.ok, outcome.message).to.equal(row.ok);
            if (row.ok) {
                expect(h.emulator.store.all().some((job) => job.id === outcome.message)).to.equal(true);
            } else {
                expect(outcome.message).to.match(row.message!);
                expect(outcome.message.split("\n")[0].length, "first line of the error").to.be.at.most(160);
            }
            if (row.fault.retryAfterSeconds) {
                expect(Date.now() - started).to.be.at.least(row.fault.retryAfterSeconds * 1000);
            }
        });
    }

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
