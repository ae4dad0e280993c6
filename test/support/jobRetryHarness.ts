/**
 * Starts what a JobRetry host test needs: the Workspace emulator on loopback, the real
 * dynamic-provider host, and the `__provider` text a real `JobRetry` serializes.
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { JobRetry, JobRetryArgs, JobWait, JobWaitArgs, SETTING_SOURCES } from "pulumi-huaweicloud-workspace-jobs";
import {
    DEFAULT_PROJECT_ID,
    DEFAULT_TOKEN,
    EmulatorOptions,
    seedFailedJobs,
    WorkspaceEmulator,
} from "pulumi-huaweicloud-workspace-jobs/emulator";
import { captureDynamicResourceInputs, ProviderHost, startProviderHost, unwrapSecrets } from "./providerHost";

/** The repository root: its node_modules resolves the package by name, as a user's program would. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The seed page's failed applyWorkspace job, seeded in every emulator. */
export const FAILED_JOB = "6783cecb-0e5c-4521-a3ea-825f551c1ba9";
/** A seeded failed cancelWorkspace job. */
export const FAILED_CANCEL_JOB = "a3c2d8f0-5b1e-4c7a-9f3d-2e6b8c4a1d70";
/** A seeded job that succeeded (not retriable). */
export const SUCCEEDED_JOB = "5f0c6a2e-8d3b-4e19-b7a4-9c1e2d3f4a5b";
/** The seeded jobs' project. */
export const PROJECT = DEFAULT_PROJECT_ID;

/**
 * The inputs a `JobRetry` registers with, `__provider` included, as the engine would send
 * them to the host (secrets unwrapped).
 */
export async function jobRetryInputs(args: JobRetryArgs): Promise<Record<string, any>> {
    const [inputs] = await captureDynamicResourceInputs(() => {
        new JobRetry("retry", args);
    });
    return unwrapSecrets(inputs);
}

/**
 * The inputs a `JobWait` registers with, `__provider` and `resourceName` included, as the engine
 * would send them to the host (secrets unwrapped).
 *
 * @param args - the wait's arguments
 * @param name - its resource name, which its progress lines start with
 */
export async function jobWaitInputs(args: JobWaitArgs, name = "wait"): Promise<Record<string, any>> {
    const [inputs] = await captureDynamicResourceInputs(() => {
        new JobWait(name, args);
    });
    return unwrapSecrets(inputs);
}

/** A failed job in a project of its own, whose Workspace service is stuck on it. */
export interface FailedProject {
    projectId: string;
    jobId: string;
}

/**
 * Seeds a failed job in a new project: its service is `SUBSCRIPTION_FAILED` (or
 * `DEREGISTRATION_FAILED`) on it. Each scenario starts from a known service state this way,
 * whatever earlier scenarios did to other projects.
 *
 * @param emulator - where to seed it
 * @param jobType - `applyWorkspace` or `cancelWorkspace`
 */
export function failedProject(emulator: WorkspaceEmulator, jobType = "applyWorkspace"): FailedProject {
    const projectId = randomBytes(16).toString("hex");
    const [job] = seedFailedJobs(emulator.store, { projectId, jobType, beginTime: new Date(Date.now() - 60_000).toISOString() });
    return { projectId, jobId: job.id };
}

/** A project whose service is stuck on a failed registration, and an older failed registration in its history. */
export interface StuckProject {
    projectId: string;
    /** The failure the service is stuck on. */
    stuck: string;
    /** An earlier failure of the same kind, which the service has moved past. */
    older: string;
}

/**
 * Seeds a project stuck on a failed registration, with an older failed one in its history:
 * what `getFailedJobs` lists by default is the stuck one only.
 *
 * @param emulator - where to seed it
 */
export function stuckProject(emulator: WorkspaceEmulator): StuckProject {
    const projectId = randomBytes(16).toString("hex");
    const [older] = seedFailedJobs(emulator.store, { projectId, beginTime: "2025-01-01T00:00:00Z" });
    const [stuck] = seedFailedJobs(emulator.store, { projectId, beginTime: "2025-03-01T00:00:00Z" });
    return { projectId, stuck: stuck.id, older: older.id };
}

/**
 * Seeds a project whose service is open, with a stale failed deregistration from before in its
 * history: a retry of it would close a service in use.
 *
 * @param emulator - where to seed it
 */
export function openProject(emulator: WorkspaceEmulator): { projectId: string; stale: string } {
    const projectId = randomBytes(16).toString("hex");
    const [stale] = seedFailedJobs(emulator.store, { projectId, jobType: "cancelWorkspace", beginTime: "2025-01-01T00:00:00Z" });
    emulator.store.seed({ projectId, jobType: "applyWorkspace", status: "SUCCESS", beginTime: "2025-02-01T00:00:00Z" });
    return { projectId, stale: stale.id };
}

/** Retry POSTs the emulator received for a project. */
export function postsTo(emulator: WorkspaceEmulator, projectId: string): number {
    return emulator.requests.filter((request) => request.route === "retry" && request.url.startsWith(`/v2/${projectId}/`)).length;
}

/** Jobs started by retries of a failed job. */
export function retriesOf(emulator: WorkspaceEmulator, jobId: string): string[] {
    return emulator.store
        .all()
        .filter((job) => job.retriedFrom === jobId)
        .map((job) => job.id);
}

/** What a host test works with. */
export interface Harness {
    emulator: WorkspaceEmulator;
    host: ProviderHost;
    /** The serialized provider of a JobRetry. */
    provider: string;
    /** Inputs for the host: the given ones plus `__provider`. */
    props(inputs: Record<string, unknown>): Record<string, unknown>;
    /** Requests the emulator received on the API routes. */
    apiRequests(): WorkspaceEmulator["requests"];
    stop(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
    /** Environment of the host; by default the emulator's endpoint, token and project. */
    env?: (emulator: WorkspaceEmulator) => NodeJS.ProcessEnv;
    /** Stack config sent with Configure. */
    config?: (emulator: WorkspaceEmulator) => Record<string, unknown>;
    emulator?: EmulatorOptions;
}

/** The environment that points a host at an emulator with the default token and project. */
export function emulatorEnv(emulator: WorkspaceEmulator): NodeJS.ProcessEnv {
    return { HW_WORKSPACE_ENDPOINT: emulator.url, HW_AUTH_TOKEN: DEFAULT_TOKEN, HW_PROJECT_ID: PROJECT };
}

/** Every environment variable the provider reads: a test host must not inherit them from the developer's shell. */
export const SETTING_VARIABLES: readonly string[] = Object.values(SETTING_SOURCES).flatMap((source) => source.env);

/** The proxy and CA variables Node and axios read: a test host must not inherit them either. */
export const NETWORK_VARIABLES: readonly string[] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NODE_EXTRA_CA_CERTS",
];

/** Starts the emulator and a provider host, sends Configure, and captures a JobRetry's `__provider`. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
    const emulator = await WorkspaceEmulator.start(options.emulator);
    const cleared = Object.fromEntries([...SETTING_VARIABLES, ...NETWORK_VARIABLES].map((name) => [name, ""]));
    const env = { ...cleared, ...(options.env ?? emulatorEnv)(emulator) };
    const host = await startProviderHost({ cwd: REPO_ROOT, env });
    await host.configure(options.config?.(emulator) ?? {});
    const { __provider: provider } = await jobRetryInputs({ jobId: FAILED_JOB });
    const harness: Harness = {
        emulator,
        host,
        provider,
        props: (inputs) => ({ ...inputs, __provider: provider }),
        apiRequests: () => emulator.requests.filter((request) => request.route !== "control"),
        async stop() {
            await harness.host.stop();
            await emulator.stop();
        },
    };
    return harness;
}
