import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from "./constants";
import { HttpTransport, createAxiosTransport } from "./client/http";
import { failReasonOf, JobDetails, phaseOf, summarizeSubJobs } from "./client/jobs";
import { createSigner } from "./client/signing";
import { WorkspaceClient } from "./client/workspaceClient";
import { JobRetryPartialFailure } from "./partialFailure";
import { credentialValues, redactError } from "./redact";
import { ConfigLookup, resolveSettings, Settings } from "./settings";
import { triggersEqual } from "./triggers";
import { JobRetryInputs, JobRetryOutputs, JsonValue } from "./types";
import { containsUnknown, validateInputs } from "./validation";
import { waitForJob } from "./waiter";

/** Inputs whose change means "retry again": a replacement. */
export const REPLACE_ON_CHANGE = ["jobId", "projectId", "triggers"] as const;

/** Inputs whose change is recorded in place, with no API call. */
export const UPDATE_IN_PLACE = ["region", "endpoint", "waitForCompletion", "waitTimeoutSeconds"] as const;

const INPUT_KEYS = [...REPLACE_ON_CHANGE, ...UPDATE_IN_PLACE];

/** Outputs computed by the provider (as opposed to echoed inputs). */
const COMPUTED_KEYS = ["newJobId", "retriedAt", "status", "failReason", "subJobs"] as const;

/** The seams of the provider: everything it takes from the outside world. */
export interface ProviderEnvironment {
    /** Environment variables. @defaultValue process.env */
    env: NodeJS.ProcessEnv;
    /** Sends HTTP requests. @defaultValue an axios transport with keep-alive */
    transport: HttpTransport;
    /** Waits. @defaultValue a real timer */
    sleep: (ms: number) => Promise<void>;
    /** Wall clock. @defaultValue `new Date()` */
    now: () => Date;
    /** Random source in [0, 1). @defaultValue Math.random */
    random: () => number;
}

/**
 * The `JobRetry` lifecycle with Pulumi semantics: validation in `check`, replacement
 * rules in `diff`, the retry in `create`, and no API call anywhere else but refresh reads.
 * Loaded at call time by the serialized stub, so it may hold a client: it never lands in
 * the state.
 */
export class JobRetryProvider implements pulumi.dynamic.ResourceProvider<JobRetryInputs, JobRetryOutputs> {
    private config: ConfigLookup | undefined;
    private readonly world: ProviderEnvironment;

    constructor(world: Partial<ProviderEnvironment> = {}) {
        this.world = {
            env: world.env ?? process.env,
            transport: world.transport ?? createAxiosTransport(),
            sleep: world.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
            now: world.now ?? (() => new Date()),
            random: world.random ?? Math.random,
        };
    }

    /** Keeps the stack config for later settings lookups; called once per provider process. */
    async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
        const config = request.config;
        this.config = { get: (key) => nonEmptyString(config.get(key)) };
    }

    /** Validates inputs before anything is sent; unknown preview values pass. */
    async check(_olds: JobRetryInputs, news: JobRetryInputs): Promise<pulumi.dynamic.CheckResult<JobRetryInputs>> {
        return { inputs: news, failures: validateInputs(news as unknown as Record<string, unknown>) };
    }

    /** A change of `jobId`, `projectId` or `triggers` replaces (retries again); others update in place. */
    async diff(_id: string, olds: JobRetryOutputs, news: JobRetryInputs): Promise<pulumi.dynamic.DiffResult> {
        const changed = (key: (typeof INPUT_KEYS)[number]) => {
            const next = news[key] as JsonValue | undefined;
            return containsUnknown(next) || !triggersEqual(olds[key] as JsonValue | undefined, next);
        };
        const replaces = REPLACE_ON_CHANGE.filter(changed);
        const updates = UPDATE_IN_PLACE.filter(changed);
        return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
    }

    /** Sends the retry once, records the new job id, and waits for it when asked. */
    async create(inputs: JobRetryInputs): Promise<pulumi.dynamic.CreateResult<JobRetryOutputs>> {
        return this.guard(async () => {
            const settings = this.settings(inputs);
            const client = this.client(settings);
            const { newJobId } = await client.retryJob(inputs.jobId);
            const outs: JobRetryOutputs = { ...echoInputs(inputs), newJobId, retriedAt: this.world.now().toISOString() };
            if (inputs.waitForCompletion) {
                await this.waitOrFail(client, inputs, outs);
            }
            return { id: newJobId, outs };
        });
    }

    /**
     * Refresh: reads the new job's status when it can. Never drops the resource and never
     * fails on an API error: a vanished retry would be created, i.e. retried, again.
     */
    async read(id: string, props?: JobRetryOutputs): Promise<pulumi.dynamic.ReadResult<JobRetryOutputs>> {
        const outs = { ...props } as JobRetryOutputs;
        try {
            const client = this.client(this.settings(outs));
            Object.assign(outs, jobStatusOutputs(await client.getJob(outs.newJobId || id)));
        } catch {
            // Refresh is best effort: keep what the state knows rather than lose the resource.
        }
        return { id, props: outs };
    }

    /**
     * Records changed settings; makes no API call. While waiting is asked for and the last
     * status seen of the new job is not a success (a failed or timed-out wait, which the
     * engine follows with an update on the next `pulumi up`), it fails again, keeping the
     * outputs: a pipeline must not turn green on a job that failed. `pulumi refresh` reads
     * the job again; a changed `triggers` retries.
     */
    async update(_id: string, olds: JobRetryOutputs, news: JobRetryInputs): Promise<pulumi.dynamic.UpdateResult<JobRetryOutputs>> {
        const outs = { ...pickDefined(olds, COMPUTED_KEYS), ...echoInputs(news) } as JobRetryOutputs;
        if (news.waitForCompletion === true && outs.status !== undefined) {
            const phase = phaseOf(
                outs.status,
                Object.entries(outs.subJobs ?? {}).flatMap(([status, count]) => Array<string>(count).fill(status)),
            );
            if (phase !== "succeeded") {
                throw new JobRetryPartialFailure(
                    `Job ${outs.newJobId}, started by the retry of job ${news.jobId}, was last seen ${phase === "failed" ? "failed" : "unfinished"}: status ${outs.status}` +
                        (outs.failReason ? `, fail reason: ${outs.failReason.replace(/\.+$/, "")}` : "") +
                        `. Nothing was sent. Run "pulumi refresh" to read it again, or change "triggers" to retry again.`,
                    outs,
                );
            }
        }
        return { outs };
    }

    /** Makes no API call: a retry cannot be undone; the job it started keeps running. */
    async delete(_id?: string, _props?: JobRetryOutputs): Promise<void> {}

    private async waitOrFail(client: WorkspaceClient, inputs: JobRetryInputs, outs: JobRetryOutputs): Promise<void> {
        const timeoutSeconds = inputs.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
        let result;
        try {
            result = await waitForJob(() => client.getJob(outs.newJobId), {
                timeoutMs: timeoutSeconds * 1000,
                sleep: this.world.sleep,
                nowMs: () => this.world.now().getTime(),
                random: this.world.random,
            });
        } catch (error) {
            throw new JobRetryPartialFailure(
                `Retry of job ${inputs.jobId} started job ${outs.newJobId}, but reading it failed: ${(error as Error).message}`,
                outs,
            );
        }
        Object.assign(outs, jobStatusOutputs(result.job));
        if (result.phase === "succeeded") return;
        const what = result.phase === "failed" ? "failed" : `did not finish within ${timeoutSeconds} s`;
        throw new JobRetryPartialFailure(
            `Retry of job ${inputs.jobId} started job ${outs.newJobId}, which ${what}: status ${outs.status}` +
                (outs.failReason ? `, fail reason: ${outs.failReason.replace(/\.+$/, "")}` : "") +
                `. The new job id is kept in the state; change "triggers" to retry again.`,
            outs,
        );
    }

    private settings(inputs: Partial<JobRetryInputs>): Settings {
        return resolveSettings(inputs as Record<string, unknown>, this.config, this.world.env);
    }

    private client(settings: Settings): WorkspaceClient {
        return new WorkspaceClient({
            endpoint: settings.endpoint,
            projectId: settings.projectId,
            signer: createSigner(settings.credentials),
            transport: this.world.transport,
            retry: { maxRetries: settings.maxRetries, random: this.world.random },
            requestTimeoutMs: settings.requestTimeoutMs,
            sleep: this.world.sleep,
            now: this.world.now,
        });
    }

    /** Runs a step and scrubs every known credential from whatever it throws. */
    private async guard<T>(step: () => Promise<T>): Promise<T> {
        try {
            return await step();
        } catch (error) {
            throw redactError(error, credentialValues(this.config, this.world.env));
        }
    }
}

function nonEmptyString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

function pickDefined<T extends object>(source: T, keys: readonly string[]): Partial<T> {
    const picked: Record<string, unknown> = {};
    for (const key of keys) {
        const value = (source as Record<string, unknown>)[key];
        if (value !== undefined) picked[key] = value;
    }
    return picked as Partial<T>;
}

/** The inputs as outputs: every known input that is set (no `undefined`: the engine rejects it). */
function echoInputs(inputs: JobRetryInputs): JobRetryInputs {
    return pickDefined(inputs, INPUT_KEYS) as JobRetryInputs;
}

function jobStatusOutputs(job: JobDetails): Pick<JobRetryOutputs, "status" | "failReason" | "subJobs"> {
    return { status: job.status, failReason: failReasonOf(job), subJobs: summarizeSubJobs(job) };
}

let sharedProvider: JobRetryProvider | undefined;

/**
 * The provider instance of this process, created on first use: the serialized stub calls
 * it, so every `JobRetry` in one provider host shares one configuration and one
 * connection pool.
 */
export function shared(): JobRetryProvider {
    return (sharedProvider ??= new JobRetryProvider());
}
