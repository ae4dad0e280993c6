import type * as pulumi from "@pulumi/pulumi";
import type { WorkspaceClient } from "../client/workspaceClient";
import { isWorkspaceApiError } from "../client/errors";
import { clientFor } from "../shared/clientFor";
import { ProviderContext, sharedContext } from "./providerContext";
import { jobStatusOutputs, pickDefined, targetOutputs } from "./recordedOutputs";
import { retryFromServiceState } from "./retryFlow";
import { WHERE_JOBS_ARE_LISTED } from "./serviceMessages";
import { endpointChanged, inputChanged, projectChanged } from "./inputChanges";
import type { JobRetryInputs, JobRetryOutputs } from "../shared/types";
import { validateInputs } from "../shared/validation";

/** Inputs whose change means "retry again": a replacement. */
export const REPLACE_ON_CHANGE = ["jobId", "projectId", "triggers"] as const;

/**
 * Inputs whose change is recorded in place, with no retry. `waitForCompletion` and
 * `waitTimeoutSeconds` are no inputs of the resource any more (its child `JobWait` waits), but
 * states written before carry them: dropping them is an update, never a retry.
 */
export const UPDATE_IN_PLACE = ["region", "endpoint", "waitForCompletion", "waitTimeoutSeconds", "adoptJobId"] as const;

const INPUT_KEYS = [...REPLACE_ON_CHANGE, ...UPDATE_IN_PLACE];

/** Replacing inputs compared by value; `projectId` is compared by what it resolves to. */
const REPLACED_BY_VALUE = ["jobId", "triggers"] as const;
/** In-place inputs compared by value; `region` and `endpoint` are compared by the endpoint they resolve to. */
const UPDATED_BY_VALUE = ["waitForCompletion", "waitTimeoutSeconds", "adoptJobId"] as const;

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
 * no POST anywhere else. It never waits for the job it started: a child `JobWait` does, in a
 * step of its own, so the new job id is in the state before any wait begins. Loaded at call
 * time by the serialized provider, so it may hold a client: it never lands in the state.
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
     * replaces (retries again); everything else updates in place (see `inputChanges.ts`). A
     * project whose old resolution is not known counts as unchanged: a retry is never started
     * on a doubt.
     */
    async diff(_id: string, olds: JobRetryOutputs, news: JobRetryInputs): Promise<pulumi.dynamic.DiffResult> {
        const resolved = this.context.tryTarget(news);
        const replaces: string[] = REPLACED_BY_VALUE.filter((key) => inputChanged(olds[key], news[key]));
        if (projectChanged(olds, news, resolved)) replaces.push("projectId");
        const updates: string[] = UPDATED_BY_VALUE.filter((key) => inputChanged(olds[key], news[key]));
        if (endpointChanged(olds, news, resolved)) updates.push("endpoint");
        return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
    }

    /**
     * Retries once as the Workspace service's state allows (see `retryDecision.ts`), or adopts
     * `adoptJobId`, and records the new job. Never waits for it.
     */
    async create(inputs: JobRetryInputs): Promise<pulumi.dynamic.CreateResult<JobRetryOutputs>> {
        return this.context.withScrubbedErrors(async () => {
            const settings = this.context.settings(inputs);
            const client = clientFor(settings, this.context.seams);
            const result = inputs.adoptJobId
                ? await this.adopt(client, inputs.jobId, inputs.adoptJobId)
                : await this.retry(client, inputs.jobId);
            const outs: JobRetryOutputs = { ...pickDefined(inputs, INPUT_KEYS), ...result, ...targetOutputs(settings) };
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
        return this.context.withScrubbedErrors(async () => ({ id, props: await this.context.refreshJob(outs, outs.newJobId || id) }));
    }

    /**
     * Records changed settings, with no retry. Only a new `adoptJobId` reads the API (GETs):
     * the job it names is checked and recorded.
     */
    async update(_id: string, olds: JobRetryOutputs, news: JobRetryInputs): Promise<pulumi.dynamic.UpdateResult<JobRetryOutputs>> {
        return this.context.withScrubbedErrors(async () => {
            const outs = { ...pickDefined(olds, COMPUTED_KEYS), ...pickDefined(news, INPUT_KEYS) } as JobRetryOutputs;
            const resolved = this.context.tryTarget(news);
            if (resolved) Object.assign(outs, targetOutputs(resolved));
            const adopting = news.adoptJobId !== undefined && news.adoptJobId !== olds.newJobId && news.adoptJobId !== olds.adoptJobId;
            if (adopting) {
                const { client, target } = this.context.recordedClient(outs);
                Object.assign(outs, await this.adopt(client, news.jobId, news.adoptJobId!), targetOutputs(target));
            }
            return { outs };
        });
    }

    /** Makes no API call: a retry cannot be undone; the job it started keeps running. */
    async delete(_id?: string, _props?: JobRetryOutputs): Promise<void> {}

    /** Sends the retry at most once, or records the job the service shows already running for it. */
    private async retry(
        client: WorkspaceClient,
        jobId: string,
    ): Promise<Partial<JobRetryOutputs> & Pick<JobRetryOutputs, "newJobId" | "retriedAt">> {
        const outcome = await retryFromServiceState(client, jobId, this.context.seams);
        return {
            newJobId: outcome.newJobId,
            retriedAt: new Date(this.context.seams.nowMs()).toISOString(),
            ...(outcome.retryRequestId ? { retryRequestId: outcome.retryRequestId } : {}),
            ...(outcome.job ? jobStatusOutputs(outcome.job) : {}),
        };
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
                    `adoptJobId: no job ${adoptJobId} in project ${client.projectId}: give the id of the job that the retry of ${jobId} started (${WHERE_JOBS_ARE_LISTED}). Nothing was sent.`,
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
        return { newJobId: adoptJobId, retriedAt: new Date(this.context.seams.nowMs()).toISOString(), ...jobStatusOutputs(adopted) };
    }
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
