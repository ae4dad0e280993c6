/// <reference types="mocha" />
/**
 * getFailedJobs against the Workspace emulator over real HTTP: what it lists, which requests
 * it sends, with every kind of credential, and how it fails.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { getFailedJobs, getFailedJobsOutput, SettingsError } from "pulumi-huaweicloud-workspace-jobs";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, seedFailedJobs, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { listFailedJobs } from "../../provider/program/failedJobs";
import { FailedJobsArgumentError } from "../../provider/program/failedJobsArgs";
import type { ConfigLookup } from "../../provider/shared/settingSources";
import { PagingOptions, TooManyPagesError } from "../../provider/client/subJobPager";
import type { ProcessSeams } from "../../provider/shared/processSeams";
import { FAILED_CANCEL_JOB, FAILED_JOB, PROJECT, REPO_ROOT } from "../support/jobRetryHarness";

const TOKEN = "failed-jobs-token-that-must-never-leak";
const TEMP_AK = "TEMPORARYACCESSKEY01";
const TEMP_SK = "temporary-secret-key-must-never-leak-00";
const TEMP_TOKEN = "temporary-security-token-must-never-leak";
const noConfig: ConfigLookup = { get: () => undefined };
/** The error a call ends with; fails the test when it succeeds. */
async function failure(promise: Promise<unknown>): Promise<Error & { status?: number; code?: string }> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(Error);
        return error as Error;
    }
    throw new Error("expected the call to fail");
}
const configOf = (values: Record<string, string>): ConfigLookup => ({ get: (key) => values[key] });

describe("provider/failedJobs against the emulator", function () {
    let emulator: WorkspaceEmulator;
    let newJobs: string[];
    let oldJobs: string[];
    let subjobFailedRetry: string;

    /** Runs the data source over the whole history with the emulator's endpoint and project, no retry delays, and the given seams, config and paging. */
    const list = (
        args: Parameters<typeof listFailedJobs>[0] = {},
        given: Partial<ProcessSeams> & { config?: ConfigLookup; paging?: PagingOptions } = {},
    ) => {
        const { config = noConfig, paging, ...seams } = given;
        return listFailedJobs(
            { includeHistory: true, ...args },
            {
                env: { HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: TOKEN },
                sleep: async () => undefined,
                ...seams,
            },
            config,
            paging,
        );
    };
    const api = () => emulator.requests.map((request) => `${request.method} ${request.url.split("?")[0].split("/").slice(3).join("/")}`);
    const listings = () => emulator.requests.filter((request) => request.route === "listSubJobs");

    before(async () => {
        emulator = await WorkspaceEmulator.start({
            tokens: [TOKEN],
            keys: {
                [DEFAULT_ACCESS_KEY]: { secretKey: DEFAULT_SECRET_KEY },
                [TEMP_AK]: { secretKey: TEMP_SK, securityToken: TEMP_TOKEN },
            },
            timing: { initMs: 0, runMs: 0, outcome: "SUBJOB_FAILED" },
        });
        // The default seed: FAILED_JOB (applyWorkspace), FAILED_CANCEL_JOB, a succeeded job and a failed createDesktop job.
        // History: the service stays stuck on FAILED_JOB, as seeded first.
        oldJobs = seedFailedJobs(emulator.store, { count: 2, beginTime: "2020-01-01T00:00:00Z", current: false }).map((job) => job.id);
        newJobs = seedFailedJobs(emulator.store, {
            count: 3,
            jobType: "cancelWorkspace",
            beginTime: "2030-01-01T00:00:00Z",
            current: false,
        }).map((job) => job.id);
        // A retry whose job says SUCCESS with a failed sub job: listed among failed sub jobs, but not itself failed.
        subjobFailedRetry = emulator.store.startRetry(emulator.store.find(PROJECT, FAILED_JOB)!).id;
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.reset());

    describe("by default: only the failure the service is stuck on", () => {
        it("lists the service's failed job, current, with one read of the service and one of the job", async () => {
            const { jobs } = await listFailedJobs(
                undefined,
                { env: { HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: TOKEN } },
                noConfig,
            );
            expect(jobs.map((job) => [job.jobId, job.current])).to.deep.equal([[FAILED_JOB, true]]);
            expect(api()).to.deep.equal(["GET workspaces", `GET workspace-jobs/${FAILED_JOB}`]);
        });

        it("lists nothing when the service is open, closing, or stuck on a type not asked for; never the stale deregistration", async () => {
            expect((await list({ includeHistory: false, jobTypes: ["cancelWorkspace"] })).jobs).to.deep.equal([]);
            for (const status of ["SUBSCRIBED", "SUBSCRIBING", "DEREGISTERING", "CLOSED"]) {
                emulator.setService(PROJECT, { status, jobId: FAILED_CANCEL_JOB });
                expect((await list({ includeHistory: false })).jobs, status).to.deep.equal([]);
            }
            emulator.setService(PROJECT, { status: "DEREGISTRATION_FAILED", jobId: FAILED_CANCEL_JOB });
            expect((await list({ includeHistory: false })).jobs.map((job) => job.jobId)).to.deep.equal([FAILED_CANCEL_JOB]);
        });

        it("keeps since and jobTypes: the current failure must match them too", async () => {
            expect((await list({ includeHistory: false, since: "2099-01-01T00:00:00Z" })).jobs).to.deep.equal([]);
            expect((await list({ includeHistory: false, jobTypes: ["applyWorkspace"] })).jobs).to.have.length(1);
        });

        it("fails with the API's error naming workspace:workspaces:list when the service cannot be read", async () => {
            emulator.inject({ route: "getWorkspaces", kind: "status", status: 403, code: "APIG.0302" });
            const error = await failure(list({ includeHistory: false }));
            expect(error.message).to.include("HTTP 403").and.include("workspace:workspaces:list");
        });

        it("checks includeHistory: a boolean, named in the error", async () => {
            const error = await failure(list({ includeHistory: "yes" as unknown as boolean }));
            expect(error).to.be.instanceOf(FailedJobsArgumentError);
            expect(error.message).to.equal('Invalid getFailedJobs argument "includeHistory": must be true or false; got "yes"');
            expect(emulator.requests).to.have.length(0);
        });
    });

    it("with includeHistory, lists every failed registration and deregistration job, oldest first, with their details and current", async () => {
        const { jobs } = await list();
        const ids = jobs.map((job) => job.jobId);
        expect(ids.slice(0, 2)).to.deep.equal(oldJobs);
        expect(ids.slice(-3)).to.deep.equal(newJobs);
        expect(new Set(ids.slice(2, 4))).to.deep.equal(new Set([FAILED_JOB, FAILED_CANCEL_JOB]));
        expect(ids, "a job that says SUCCESS is not listed, whatever its sub jobs").to.not.include(subjobFailedRetry);
        expect(
            jobs.filter((job) => job.current).map((job) => job.jobId),
            "only the failure the service is stuck on",
        ).to.deep.equal([FAILED_JOB]);
        expect(jobs.find((job) => job.jobId === FAILED_JOB)).to.deep.include({
            jobType: "applyWorkspace",
            status: "FAILED",
            failReason: "Failed to create the VPC endpoint: quota exceeded.",
            subJobs: { FAILED: 2 },
        });
        expect(jobs[0].beginTime).to.equal("2020-01-01T00:00:00.000Z");
        expect(jobs[0].endTime).to.be.a("string").and.not.equal("");
    });

    it("sends one listing per job type and one read per parent job, nothing else", async () => {
        await list();
        const parents = 2 + 3 + 2 + 1;
        expect(api().filter((call) => call.startsWith("GET workspace-sub-jobs"))).to.have.length(2);
        expect(api().filter((call) => call.startsWith("GET workspace-jobs/"))).to.have.length(parents);
        expect(api().filter((call) => call === "GET workspaces")).to.have.length(1);
        expect(emulator.requests).to.have.length(1 + 2 + parents);
        const queries = listings().map((request) => new URL(request.url, emulator.url).searchParams);
        expect(queries.map((query) => [query.get("status"), query.get("job_type"), query.get("limit"), query.get("offset")])).to.deep.equal(
            [
                ["FAILED", "applyWorkspace", "1000", "0"],
                ["FAILED", "cancelWorkspace", "1000", "0"],
            ],
        );
    });

    it("reads every page: offsets advance until total_count", async () => {
        const { jobs } = await list({ jobTypes: ["cancelWorkspace"] }, { paging: { pageSize: 3, maxPages: 10 } });
        // 4 failed cancelWorkspace jobs of 2 sub jobs each: 8 sub jobs, pages of 3.
        expect(jobs).to.have.length(4);
        expect(listings().map((request) => new URL(request.url, emulator.url).searchParams.get("offset"))).to.deep.equal(["0", "3", "6"]);
    });

    it("stops with a clear error past the page bound, before reading any job", async () => {
        const error = await failure(list({}, { paging: { pageSize: 2, maxPages: 2 } }));
        expect(error).to.be.instanceOf(TooManyPagesError);
        expect((error as Error).message).to.include("stopped after 2 pages of 2");
        expect(listings()).to.have.length(2);
        expect(api().some((call) => call.startsWith("GET workspace-jobs/"))).to.equal(false);
    });

    it("with jobTypes, lists and reads only those types", async () => {
        const { jobs } = await list({ jobTypes: ["applyWorkspace"] });
        expect(new Set(jobs.map((job) => job.jobType))).to.deep.equal(new Set(["applyWorkspace"]));
        expect(jobs.map((job) => job.jobId)).to.include.members([...oldJobs, FAILED_JOB]);
        expect(listings()).to.have.length(1);
    });

    it("with since, lists only jobs that began at or after it, without reading older ones", async () => {
        const { jobs } = await list({ since: new Date("2030-01-01T00:00:01Z") });
        expect(jobs.map((job) => job.jobId)).to.deep.equal(newJobs.slice(1));
        expect(api().filter((call) => call.startsWith("GET workspace-jobs/"))).to.have.length(2);
    });

    it("signs with an access key pair, and with temporary keys (security token sent)", async () => {
        const aksk = {
            HW_WORKSPACE_ENDPOINT: emulator.url,
            HW_PROJECT_ID: PROJECT,
            HW_ACCESS_KEY: DEFAULT_ACCESS_KEY,
            HW_SECRET_KEY: DEFAULT_SECRET_KEY,
        };
        expect((await list({}, { env: aksk })).jobs).to.have.length(7);
        const temporary = { ...aksk, HW_ACCESS_KEY: TEMP_AK, HW_SECRET_KEY: TEMP_SK, HW_SECURITY_TOKEN: TEMP_TOKEN };
        expect((await list({}, { env: temporary })).jobs).to.have.length(7);
        expect(new Set(emulator.requests.map((request) => `${request.auth} ${request.status}`))).to.deep.equal(
            new Set([`aksk:${DEFAULT_ACCESS_KEY} 200`, `aksk:${TEMP_AK} 200`]),
        );
    });

    it("takes settings and secret credentials from stack config first, then arguments over both", async () => {
        const config = configOf({
            "huaweicloud:token": TOKEN,
            "huaweicloud:workspaceEndpoint": emulator.url,
            "huaweicloud:projectId": PROJECT,
        });
        expect((await list({}, { env: {}, config })).jobs).to.have.length(7);
        const wrongEndpoint = configOf({
            "huaweicloud:token": TOKEN,
            "huaweicloud:workspaceEndpoint": "http://127.0.0.1:9",
            "huaweicloud:projectId": PROJECT,
        });
        expect((await list({ endpoint: emulator.url }, { env: {}, config: wrongEndpoint })).jobs).to.have.length(7);
        expect(new Set(emulator.requests.map((request) => request.auth))).to.deep.equal(new Set(["token"]));
    });

    it("retries a listing that failed with a 5xx (a GET is safe to resend)", async () => {
        emulator.inject({ route: "listSubJobs", kind: "status", status: 503 });
        emulator.inject({ route: "getJob", kind: "throttle" });
        expect((await list()).jobs).to.have.length(7);
        expect(listings().map((request) => request.status)).to.deep.equal([503, 200, 200]);
        expect(emulator.requests.filter((request) => request.status === 429)).to.have.length(1);
    });

    it("fails with the API's error, credentials scrubbed, when the listing is refused", async () => {
        const env = { HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: "a-rejected-token-0123" };
        const error = await failure(list({}, { env }));
        expect(error.name).to.equal("WorkspaceApiError");
        expect(error.status).to.equal(401);
        expect(error.message).to.include(`call=GET ${emulator.url}/v2/`).and.include("workspaces").and.include("APIG.0301");
        expect(emulator.requests, "a 401 is not retried").to.have.length(1);
        // A transport whose error quotes the credential: the data source scrubs it.
        const leaky = await failure(
            list(
                {},
                {
                    transport: async () => {
                        throw new Error(`socket said ${TOKEN}`);
                    },
                },
            ),
        );
        expect(leaky.message).to.equal("socket said [REDACTED]");
        expect(leaky.stack).to.not.include(TOKEN);
    });

    it("checks arguments and settings before any request", async () => {
        const bad = await failure(list({ jobTypes: ["createDesktop"] }));
        expect(bad).to.be.instanceOf(FailedJobsArgumentError);
        const unset = await failure(list({}, { env: { HW_WORKSPACE_ENDPOINT: emulator.url, HW_AUTH_TOKEN: TOKEN } }));
        expect(unset.name).to.equal(SettingsError.name);
        expect(unset.message).to.include("No project id").and.include("HW_PROJECT_ID");
        const noCredentials = await failure(list({}, { env: { HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT } }));
        expect(noCredentials.message).to.include("No credentials");
        expect(emulator.requests).to.have.length(0);
    });

    it("getFailedJobsOutput resolves to the same list, and getFailedJobs reads process.env", async () => {
        const saved = { ...process.env };
        Object.assign(process.env, { HW_WORKSPACE_ENDPOINT: emulator.url, HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: TOKEN });
        try {
            const direct = await getFailedJobs({ jobTypes: ["cancelWorkspace"], includeHistory: true });
            const output = getFailedJobsOutput({
                jobTypes: ["cancelWorkspace"],
                since: new Date("2000-01-01T00:00:00Z"),
                includeHistory: pulumi.output(true),
            });
            const resolved = await new Promise((resolve) => output.apply(resolve));
            expect(resolved).to.deep.equal(direct);
            expect(direct.jobs).to.have.length(4);
        } finally {
            process.env = saved;
        }
    });

    it("works from plain Node with the environment alone (no Pulumi engine), and the process exits", async () => {
        const script = `require("pulumi-huaweicloud-workspace-jobs").getFailedJobs().then((r) => console.log(JSON.stringify(r.jobs.map((j) => j.jobId))))`;
        const env = {
            PATH: process.env.PATH ?? "",
            HW_WORKSPACE_ENDPOINT: emulator.url,
            HW_PROJECT_ID: PROJECT,
            HW_ACCESS_KEY: DEFAULT_ACCESS_KEY,
            HW_SECRET_KEY: DEFAULT_SECRET_KEY,
        };
        const stdout = await new Promise<string>((resolve, reject) =>
            execFile(process.execPath, ["-e", script], { cwd: REPO_ROOT, env, timeout: 30_000 }, (error, out, err) =>
                error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
            ),
        );
        const ids = JSON.parse(stdout) as string[];
        expect(ids).to.deep.equal([FAILED_JOB]);
        expect(new Set(emulator.requests.map((request) => request.auth))).to.deep.equal(new Set([`aksk:${DEFAULT_ACCESS_KEY}`]));
    });
});
