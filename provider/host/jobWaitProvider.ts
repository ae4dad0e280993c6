import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from "../shared/constants";
import { WaitProgress } from "./progress";
import { describeUnfinished, waitForJob } from "./waiter";
import { endpointChanged, inputChanged, projectChanged } from "./inputChanges";
import { clientFor } from "../shared/clientFor";
import { ProviderContext, sharedContext } from "./providerContext";
import { jobStatusOutputs, pickDefined, targetOutputs } from "./recordedOutputs";
import { JobWaitInputs, JobWaitOutputs } from "../shared/types";
import { containsUnknown, validateInputs } from "../shared/validation";

const INPUT_KEYS = ["jobId", "projectId", "region", "endpoint", "waitTimeoutSeconds", "enabled"] as const;

/**
 * The `JobWait` lifecycle: `create` waits for a job and succeeds only when the job did.
 * A failed or timed-out wait records nothing, so the next `pulumi up` simply waits again
 * (GETs only); an interrupted one leaves at most a pending create of this resource, never
 * of the `JobRetry` that started the job, which the engine has already checkpointed.
 */
export class JobWaitProvider implements pulumi.dynamic.ResourceProvider<JobWaitInputs, JobWaitOutputs> {
    constructor(private readonly context: ProviderContext = new ProviderContext()) {}

    /** Keeps the stack config for later settings lookups. */
    async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.context.configure(request);
    }

    /** Validates inputs before anything is sent; unknown preview values pass. */
    async check(_olds: JobWaitInputs, news: JobWaitInputs): Promise<pulumi.dynamic.CheckResult<JobWaitInputs>> {
        return {
            inputs: news,
            failures: validateInputs(news as unknown as Record<string, unknown>, "the id of the Workspace job to wait for"),
        };
    }

    /**
     * Another job, another project, or turning the wait on or off, is another wait (a
     * replacement, which sends nothing but GETs); anything else is recorded in place.
     */
    async diff(_id: string, olds: JobWaitOutputs, news: JobWaitInputs): Promise<pulumi.dynamic.DiffResult> {
        const resolved = this.context.tryTarget(news);
        const replaces: string[] = [];
        if (inputChanged(olds.jobId, news.jobId)) replaces.push("jobId");
        if (containsUnknown(news.enabled) || (news.enabled ?? true) !== (olds.enabled ?? true)) replaces.push("enabled");
        if (projectChanged(olds, news, resolved)) replaces.push("projectId");
        const changes =
            replaces.length > 0 || endpointChanged(olds, news, resolved) || inputChanged(olds.waitTimeoutSeconds, news.waitTimeoutSeconds);
        return { changes, replaces, deleteBeforeReplace: false };
    }

    /**
     * Waits for the job; succeeds only when it succeeded, otherwise records nothing and fails.
     * With `enabled: false` it reads nothing and records the inputs.
     */
    async create(inputs: JobWaitInputs): Promise<pulumi.dynamic.CreateResult<JobWaitOutputs>> {
        return this.context.withScrubbedErrors(async () => {
            const settings = this.context.settings(inputs);
            if (inputs.enabled === false) {
                return { id: inputs.jobId, outs: { ...pickDefined(inputs, INPUT_KEYS), ...targetOutputs(settings) } };
            }
            const client = clientFor(settings, this.context.seams);
            // States written before `resourceName` existed lack it: progress then says "JobWait".
            const name = typeof inputs.resourceName === "string" && inputs.resourceName !== "" ? inputs.resourceName : "JobWait";
            const seams = this.context.seams;
            const timeoutSeconds = inputs.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
            const progress = new WaitProgress(name, seams.nowMs(), seams.print);
            const { job, phase } = await waitForJob(
                () => client.getJob(inputs.jobId),
                { timeoutMs: timeoutSeconds * 1000 },
                seams,
                progress,
            );
            const status = jobStatusOutputs(job);
            if (phase !== "succeeded") {
                throw new Error(
                    `${describeUnfinished(inputs.jobId, status, phase, timeoutSeconds)}. No retry was sent; the job id stays recorded by its JobRetry. ` +
                        `The next "pulumi up" waits for it again; change the JobRetry's "triggers" to retry again.`,
                );
            }
            const outs: JobWaitOutputs = {
                ...pickDefined(inputs, INPUT_KEYS),
                ...status,
                ...targetOutputs(settings),
                finishedAt: new Date(seams.nowMs()).toISOString(),
            };
            return { id: inputs.jobId, outs };
        });
    }

    /** Refresh: reads the job again at the recorded project and endpoint; a 404 keeps what was recorded. A wait turned off reads nothing. */
    async read(id: string, props?: JobWaitOutputs): Promise<pulumi.dynamic.ReadResult<JobWaitOutputs>> {
        const outs = (props ?? {}) as JobWaitOutputs;
        if (outs.enabled === false) return { id, props: outs };
        return this.context.withScrubbedErrors(async () => ({ id, props: await this.context.refreshJob(outs, outs.jobId || id) }));
    }

    /** Records changed settings; makes no API call (the job already finished). */
    async update(_id: string, olds: JobWaitOutputs, news: JobWaitInputs): Promise<pulumi.dynamic.UpdateResult<JobWaitOutputs>> {
        const outs: Record<string, unknown> = { ...olds };
        for (const key of INPUT_KEYS) delete outs[key];
        const resolved = this.context.tryTarget(news);
        return {
            outs: {
                ...(outs as unknown as JobWaitOutputs),
                ...pickDefined(news, INPUT_KEYS),
                ...(resolved ? targetOutputs(resolved) : {}),
            },
        };
    }

    /** Makes no API call: waiting leaves nothing to undo. */
    async delete(_id?: string, _props?: JobWaitOutputs): Promise<void> {}
}

let sharedProvider: JobWaitProvider | undefined;

/** The `JobWait` provider of this process, created on first use (see the `JobRetry` one). */
export function shared(): JobWaitProvider {
    return (sharedProvider ??= new JobWaitProvider(sharedContext()));
}
