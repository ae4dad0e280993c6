/**
 * Serialized provider size: the `__provider` text of one JobRetry, (a) serialized by value
 * as in this repository and (b) by reference as in a program that installed the package,
 * against the naive providers of `bench/naive/`; plus the approximate state file for N
 * resources of each. Each provider is also run once through the real host, so the sizes
 * are those of providers that work.
 *
 * @packageDocumentation
 */
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";
import { DEFAULT_TOKEN, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { captureDynamicResourceInputs, ProviderHost, unwrapSecrets } from "../test/support/providerHost";
import { emulatorEnv, FAILED_JOB, startConfiguredHost } from "./benchHost";
import { captureInstalledProvider, createInstalledProgram } from "./installedProgram";
import { NaiveRetry } from "./naive/naiveRetry";
import { approximateStateFile, resourceLike, StoredResource } from "./stateFile";

/** One provider's footprint. */
export interface ProviderFootprint {
    /** Bytes of `__provider` (UTF-8), or undefined when it cannot be serialized. */
    providerBytes?: number;
    /** Bytes of the approximate state file for the configured number of resources. */
    stateBytes?: number;
    /** Whether the token in the environment ended up in `__provider` (i.e. in the state). */
    capturesToken?: boolean;
    /** Whether one Check + Create through the real host succeeded with it. */
    worksInHost?: boolean;
    /** Why it could not be serialized. */
    error?: string;
}

/** Everything the size benchmark found. */
export interface SizeResult {
    /** Resources in the approximate state files. */
    resources: number;
    /** Ours, serialized by value (this repository: the package is a symlink to `..`). */
    byValue: ProviderFootprint;
    /** Ours, as users have it: installed in the program's node_modules. */
    installed: ProviderFootprint & { tarballBytes: number };
    /** Naive: module-level axios instance (the blog-post pattern). */
    naiveAxiosInstance: ProviderFootprint;
    /** Naive: module-level client object over the axios module (the variant that serializes). */
    naiveClientObject: ProviderFootprint;
}

const TYPE = "pulumi-nodejs:dynamic:JobRetry";

/** Registers the resources `declare` builds under mocks and returns the first one's `__provider`. */
async function captureProvider(declare: () => void): Promise<string> {
    const [inputs] = await captureDynamicResourceInputs(declare);
    return unwrapSecrets<Record<string, any>>(inputs).__provider as string;
}

/** Loads a naive provider with the environment pointing at the emulator, as a program would at load time. */
function loadNaive<T>(emulator: WorkspaceEmulator, load: () => T): T {
    const env = emulatorEnv(emulator);
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
        return load();
    } finally {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    }
}

/** The gist of a Pulumi serialization error: what could not be serialized, and why. */
function serializationReason(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    const inner = /(function '[^']+'): which could not be serialized because\s*\n\s*([^\n]+)/.exec(text);
    return inner ? `${inner[1]} could not be serialized (${inner[2].trim()})` : text.split("\n")[0];
}

/** One Check + Create through `host`; resolves with what the engine would store, or `ok: false`. */
async function tryCreate(host: ProviderHost, provider: string): Promise<{ ok: boolean; created?: StoredResource }> {
    try {
        const inputs = { jobId: FAILED_JOB, __provider: provider };
        const checked = await host.check({}, inputs);
        if (checked.failures.length > 0) return { ok: false };
        const { id, properties } = await host.create(checked.inputs);
        return { ok: id !== "", created: { id, inputs: checked.inputs, outputs: properties } };
    } catch {
        return { ok: false };
    }
}

/** The `__provider` of a JobRetry declared in this process, serialized by value (cwd = the repository). */
export function captureByValueProvider(): Promise<string> {
    return captureProvider(() => {
        new JobRetry("retry", { jobId: FAILED_JOB });
    });
}

/** JobRetry as users have it: the `__provider` it serializes there, and whether the host runs it. */
export interface InstalledRun {
    text: string;
    tarballBytes: number;
    ok: boolean;
    created?: StoredResource;
}

/**
 * Packs the package into a temporary program, captures `__provider` there, runs one
 * Check + Create with it through a host started in that program, and removes the program.
 * Slow (a tarball, two fresh processes) but only CPU-bound: run it while measuring
 * something that does not depend on CPU time.
 *
 * @param emulator - the API
 * @param repoRoot - the repository root
 */
export async function measureInstalled(emulator: WorkspaceEmulator, repoRoot: string): Promise<InstalledRun> {
    const program = await createInstalledProgram(repoRoot);
    try {
        const text = await captureInstalledProvider(program);
        const host = await startConfiguredHost(emulator, program.dir);
        try {
            return { text, tarballBytes: program.tarballBytes, ...(await tryCreate(host, text)) };
        } finally {
            await host.stop();
        }
    } finally {
        await program.remove();
    }
}

/**
 * @param emulator - the API the providers are run against once
 * @param repoHost - a configured host with cwd = the repository
 * @param byValueText - from {@link captureByValueProvider}
 * @param installed - from {@link measureInstalled}
 * @param resources - resources in the approximate state file
 */
export async function measureSizes(
    emulator: WorkspaceEmulator,
    repoHost: ProviderHost,
    byValueText: string,
    installed: InstalledRun,
    resources: number,
): Promise<SizeResult> {
    const byValueRun = await tryCreate(repoHost, byValueText);
    const sample = installed.created ?? byValueRun.created;
    if (!sample) throw new Error("neither serialized form of JobRetry could create through the host");

    // Each provider's state is built from its own create's inputs and outputs when it ran.
    const footprint = (text: string, run: { ok: boolean; created?: StoredResource }): ProviderFootprint => ({
        providerBytes: Buffer.byteLength(text),
        stateBytes: Buffer.byteLength(approximateStateFile(TYPE, resources, resourceLike(run.created ?? sample, text))),
        capturesToken: text.includes(DEFAULT_TOKEN),
        worksInHost: run.ok,
    });

    // The naive modules read the environment when loaded: load them against the emulator.
    const { axiosInstanceProvider } = loadNaive(
        emulator,
        () => require("./naive/axiosInstanceProvider") as typeof import("./naive/axiosInstanceProvider"),
    );
    const { clientObjectProvider } = loadNaive(
        emulator,
        () => require("./naive/clientObjectProvider") as typeof import("./naive/clientObjectProvider"),
    );
    const naive = async (declare: () => void): Promise<ProviderFootprint> => {
        let text: string;
        try {
            text = await captureProvider(declare);
        } catch (error) {
            return { error: serializationReason(error) };
        }
        return footprint(text, await tryCreate(repoHost, text));
    };
    const naiveAxiosInstance = await naive(() => {
        new NaiveRetry(axiosInstanceProvider, "naive-axios", { jobId: FAILED_JOB });
    });
    const naiveClientObject = await naive(() => {
        new NaiveRetry(clientObjectProvider, "naive-client", { jobId: FAILED_JOB });
    });

    return {
        resources,
        byValue: footprint(byValueText, byValueRun),
        installed: { ...footprint(installed.text, installed), tarballBytes: installed.tarballBytes },
        naiveAxiosInstance,
        naiveClientObject,
    };
}
