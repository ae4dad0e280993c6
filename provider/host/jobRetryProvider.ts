import type * as pulumi from "@pulumi/pulumi";
import type { WorkspaceClient } from "../client/workspaceClient";
import { isWorkspaceApiError } from "../client/errors";
import { describeUnfinished, jobStatusOutputs, recordedPhase, waitForOutcome } from "./jobStatus";
import { JobRetryPartialFailure } from "./partialFailure";
import { ProviderContext, sharedContext, targetOutputs } from "./providerContext";
import { RetryIntent, RetryInterruptedError } from "./retryJournal";
import type { Settings, Target } from "../shared/settings";
import { triggersEqual } from "../shared/triggers";
import { JobRetryInputs, JobRetryOutputs, JsonValue } from "../shared/types";
import { containsUnknown, validateInputs } from "../shared/validation";

/** Inputs whose change means "retry again": a replacement. */
export const REPLACE_ON_CHANGE = ["jobId", "projectId", "triggers"] as const;

/** Inputs whose change is recorded in place, with no retry. */
export const UPDATE_IN_PLACE = ["region", "endpoint", "waitForCompletion", "waitTimeoutSeconds", "adoptJobId"] as const;

const INPUT_KEYS = [...REPLACE_ON_CHANGE, ...UPDATE_IN_PLACE];

/** Outputs computed by the provider (as opposed to echoed inputs). */
const COMPUTED_KEYS = [
    "newJobId",
    "retriedAt",
    "retryRequestId",
    "status",
    "failReason",
    "errorCode",
    "subJobs",
    "resolvedProjectId",
    "resolvedEndpoint",
] as const;

/**
 * The `JobRetry` lifecycle with Pulumi semantics: validation in `check`, replacement
 * rules in `diff`, the retry (or the adoption of a job already started) in `create`, and
 * no POST anywhere else. Loaded at call time by the serialized stub, so it may hold a
 * client: it never lands in the state.
 */
export class JobRetryProvider implements pulumi.dynamic.ResourceProvider<JobRetryInputs, JobRetryOutputs> {
    constructor(private readonly context: ProviderContext = new ProviderContext()) {}

    /** Keeps the stack config for later settings lookups; called once per provider process. */
    async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.context.configure(request);
    }

    /** Validates inputs before anything is sent; unknown preview values pass. */
    async check(_olds: JobRetryInputs, news: JobRetryInputs): Promise<pulumi.dynamic.CheckResult<JobRetryInputs>> {
        const failures = validateInputs(news as unknown as Record<string, unknown>);
        if (typeof news.adoptJobId === "string" && news.adoptJobId === news.jobId) {
            failures.push({
                property: "adoptJobId",
                reason: "must be the id of the job a retry of jobId started, not jobId itself (the failed job)",
            });
        }
        return { inputs: news, failures };
    }

    /**
     * A change of `jobId` or `triggers`, or of the project id the settings resolve to,
     * replaces (retries again); everything else updates in place. Settings are compared by
     * what they resolve to, not where they are set: moving `projectId` from the resource to
     * stack config with the same value changes nothing. When the old resolution is not
     * known (a state written before it was recorded), it counts as unchanged: a retry is
     * never started on a doubt.
     */
    async diff(_id: string, olds: JobRetryOutputs, news: JobRetryInputs): Promise<pulumi.dynamic.DiffResult> {
        const valueChanged = (key: (typeof INPUT_KEYS)[number]) => {
            const next = news[key] as JsonValue | undefined;
            return containsUnknown(next) || !triggersEqual(olds[key] as JsonValue | undefined, next);
        };
        const resolved = this.context.tryTarget(news);
        const replaces: string[] = ["jobId", "triggers"].filter((key) => valueChanged(key as "jobId" | "triggers"));
        if (projectChanged(olds, news, resolved)) replaces.push("projectId");
        const updates: string[] = ["waitForCompletion", "waitTimeoutSeconds", "adoptJobId"].filter((key) =>
            valueChanged(key as "waitForCompletion" | "waitTimeoutSeconds" | "adoptJobId"),
        );
        if (endpointChanged(olds, news, resolved, valueChanged)) updates.push("endpoint");
        return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
    }

    /** Sends the retry once (or adopts `adoptJobId`), records the new job, and waits for it when asked. */
    async create(inputs: JobRetryInputs): Promise<pulumi.dynamic.CreateResult<JobRetryOutputs>> {
        return this.context.guard(async () => {
            const settings = this.context.settings(inputs);
            const client = this.context.client(settings);
            const intent = retryIntent(inputs, settings);
            const outs: JobRetryOutputs = inputs.adoptJobId
                ? { ...echoInputs(inputs), ...(await this.adoptFor(client, intent, inputs.adoptJobId)), ...targetOutputs(settings) }
                : { ...echoInputs(inputs), ...(await this.retry(client, intent)), ...targetOutputs(settings) };
            if (inputs.waitForCompletion) {
                await this.waitOrFail(client, inputs, outs);
            }
            return { id: outs.newJobId, outs };
        });
    }

    /**
     * Refresh: reads the new job's status, at the project and endpoint recorded at create
     * time, with today's credentials. A job the API no longer knows (404) keeps the
     * resource as it was: a vanished retry would be created, i.e. retried, again. Other
     * errors fail the refresh, so that a wrong credential is not mistaken for "no news".
     */
    async read(id: string, props?: JobRetryOutputs): Promise<pulumi.dynamic.ReadResult<JobRetryOutputs>> {
        const outs = (props ?? {}) as JobRetryOutputs;
        return this.context.guard(async () => ({ id, props: await this.context.refreshJob(outs, outs.newJobId || id) }));
    }

    /**
     * Records changed settings, with no retry. Two cases read the API (GETs only): a new
     * `adoptJobId` is checked and recorded; and while waiting is asked for and the last
     * status seen of the new job is not a success (a failed or timed-out wait, which the
     * engine follows with an update on the next `pulumi up`), it waits again and fails
     * again if the job did not succeed: a pipeline must not turn green on a job that failed.
     */
    async update(_id: string, olds: JobRetryOutputs, news: JobRetryInputs): Promise<pulumi.dynamic.UpdateResult<JobRetryOutputs>> {
        return this.context.guard(async () => {
            const outs = { ...pickDefined(olds, COMPUTED_KEYS), ...echoInputs(news) } as JobRetryOutputs;
            const resolved = this.context.tryTarget(news);
            if (resolved) Object.assign(outs, targetOutputs(resolved));
            const adopting = news.adoptJobId !== undefined && news.adoptJobId !== olds.newJobId && news.adoptJobId !== olds.adoptJobId;
            const rewait = news.waitForCompletion === true && recordedPhase(outs) !== undefined && recordedPhase(outs) !== "succeeded";
            if (adopting || rewait) {
                const { client, target } = this.context.recordedClient(outs);
                if (adopting) Object.assign(outs, await this.adopt(client, news.jobId, news.adoptJobId!), targetOutputs(target));
                if (news.waitForCompletion === true) await this.waitOrFail(client, news, outs);
            }
            return { outs };
        });
    }

    /** Makes no API call: a retry cannot be undone; the job it started keeps running. */
    async delete(_id?: string, _props?: JobRetryOutputs): Promise<void> {}

    /**
     * Sends the retry, unless an earlier POST of the same retry has an outcome the state
     * does not hold (a killed `pulumi up`) or is in flight elsewhere: that one may have
     * started a job, so this one stops and says so. The POST is noted in the journal while
     * it is in flight.
     */
    private async retry(
        client: WorkspaceClient,
        intent: RetryIntent,
    ): Promise<Pick<JobRetryOutputs, "newJobId" | "retriedAt" | "retryRequestId">> {
        const journal = this.context.journal;
        const unsettled = await journal.unsettled(intent);
        if (unsettled.length > 0) throw new RetryInterruptedError(intent, unsettled);
        const inFlight = await journal.begin(intent);
        let newJobId: string, requestId: string | undefined;
        try {
            ({ newJobId, requestId } = await client.retryJob(intent.jobId));
        } catch (error) {
            await inFlight.settled({ error: this.context.scrub(error) });
            throw error;
        }
        await inFlight.settled({ newJobId });
        return { newJobId, retriedAt: this.context.world.now().toISOString(), ...(requestId ? { retryRequestId: requestId } : {}) };
    }

    /** Adopts a job at create; the job it names settles any interrupted retry of the same intent. */
    private async adoptFor(client: WorkspaceClient, intent: RetryIntent, adoptJobId: string): ReturnType<JobRetryProvider["adopt"]> {
        const adopted = await this.adopt(client, intent.jobId, adoptJobId);
        const journal = this.context.journal;
        await journal.forget((await journal.unsettled(intent)).filter((note) => note.state !== "in-flight"));
        return adopted;
    }

    /**
     * Records a job that a retry already started, without sending one: checks that it
     * exists and, when the API tells both types, that it is of the failed job's type.
     */
    private async adopt(
        client: WorkspaceClient,
        jobId: string,
        adoptJobId: string,
    ): Promise<Partial<JobRetryOutputs> & Pick<JobRetryOutputs, "newJobId" | "retriedAt">> {
        let adopted;
        try {
            adopted = await client.getJob(adoptJobId);
        } catch (error) {
            if (isWorkspaceApiError(error) && error.status === 404) {
                throw new Error(
                    `adoptJobId: no job ${adoptJobId} in project ${client.projectId}: give the id of the job that the retry of ${jobId} started (Workspace console, task list). Nothing was sent.`,
                );
            }
            throw error;
        }
        const failed = await client.getJob(jobId).catch(() => undefined);
        if (failed?.jobType && adopted.jobType && failed.jobType !== adopted.jobType) {
            throw new Error(
                `adoptJobId: job ${adoptJobId} is a ${adopted.jobType} job, but job ${jobId} is a ${failed.jobType} job: a retry starts a job of the same type. Nothing was sent.`,
            );
        }
        return { newJobId: adoptJobId, retriedAt: this.context.world.now().toISOString(), ...jobStatusOutputs(adopted) };
    }

    /** Waits for the new job; throws a partial failure (the engine keeps the outputs) unless it succeeded. */
    private async waitOrFail(client: WorkspaceClient, inputs: JobRetryInputs, outs: JobRetryOutputs): Promise<void> {
        let outcome;
        try {
            outcome = await waitForOutcome(client, outs.newJobId, inputs.waitTimeoutSeconds, this.context.world);
        } catch (error) {
            throw new JobRetryPartialFailure(
                `Job ${outs.newJobId} (started by the retry of job ${inputs.jobId}) could not be read: ${(error as Error).message}`,
                outs,
                inputs,
            );
        }
        Object.assign(outs, outcome.outputs);
        if (outcome.phase === "succeeded") return;
        throw new JobRetryPartialFailure(
            `${describeUnfinished(outs.newJobId, outcome)}. It was started by the retry of job ${inputs.jobId} and is kept in the state: ` +
                `the next "pulumi up" waits for it again and sends no retry; change "triggers" to retry again.`,
            outs,
            inputs,
        );
    }
}

/** The retry a create is about to send: the same job, at the same place, for the same triggers. */
function retryIntent(inputs: JobRetryInputs, settings: Settings): RetryIntent {
    return { endpoint: settings.endpoint, projectId: settings.projectId, jobId: inputs.jobId, triggers: inputs.triggers };
}

/** Whether the project id the settings resolve to differs from the one recorded. */
function projectChanged(olds: JobRetryOutputs, news: JobRetryInputs, resolved: Target | undefined): boolean {
    if (containsUnknown(news.projectId)) return true;
    const before = olds.resolvedProjectId ?? olds.projectId;
    const after = resolved?.projectId ?? news.projectId;
    return before !== undefined && after !== undefined && before !== after;
}

/** Whether the endpoint the settings resolve to differs from the one recorded (an in-place update). */
function endpointChanged(
    olds: JobRetryOutputs,
    news: JobRetryInputs,
    resolved: Target | undefined,
    valueChanged: (key: "region" | "endpoint") => boolean,
): boolean {
    if (containsUnknown(news.endpoint) || containsUnknown(news.region)) return true;
    if (olds.resolvedEndpoint === undefined || resolved === undefined) return valueChanged("region") || valueChanged("endpoint");
    return olds.resolvedEndpoint !== resolved.endpoint;
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

let sharedProvider: JobRetryProvider | undefined;

/**
 * The `JobRetry` provider of this process, created on first use: the serialized stub
 * calls it, so every `JobRetry` in one provider host shares one configuration and one
 * connection pool.
 */
export function shared(): JobRetryProvider {
    return (sharedProvider ??= new JobRetryProvider(sharedContext()));
}
