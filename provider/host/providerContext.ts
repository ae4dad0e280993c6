import type * as pulumi from "@pulumi/pulumi";
import type { WorkspaceClient } from "../client/workspaceClient";
import { clientFor } from "../shared/clientFor";
import { processSeams, ProcessSeams } from "../shared/processSeams";
import { errorForPulumi } from "../shared/pulumiAdvice";
import { resolveSettings, resolveTarget, Settings, Target } from "../shared/settings";
import { ConfigLookup, configLookup } from "../shared/settingSources";
import { isWorkspaceApiError } from "../client/errors";
import { jobStatusOutputs, targetOutputs } from "./recordedOutputs";
import type { JobStatusOutputs, ResolvedTargetOutputs } from "../shared/types";

/**
 * What every resource provider of this package shares in one provider host: the stack
 * config from `configure`, and the seams (with the process's one connection pool).
 * Settings are resolved per call: inputs can differ per resource.
 */
export class ProviderContext {
    private config: ConfigLookup | undefined;
    /** Environment, transport, timer, clock, random source and output lines. */
    readonly seams: ProcessSeams;

    /** @param seams - the seams to replace (tests); the others are the process's defaults */
    constructor(seams: Partial<ProcessSeams> = {}) {
        this.seams = processSeams(seams);
    }

    /** Keeps the stack config for later settings lookups; called once per provider process. */
    configure(request: pulumi.dynamic.ConfigureRequest): void {
        const config = request.config;
        this.config = configLookup((key) => config.get(key));
    }

    /** Every setting, resolved from the inputs, stack config and environment. */
    settings(inputs: object): Settings {
        return resolveSettings(inputs as Record<string, unknown>, this.config, this.seams.env);
    }

    /** Project id and endpoint from the inputs, stack config and environment; `undefined` when they do not resolve. */
    tryTarget(inputs: object): Target | undefined {
        try {
            return resolveTarget(inputs as Record<string, unknown>, this.config, this.seams.env);
        } catch {
            return undefined;
        }
    }

    /**
     * A client for what a resource recorded (its resolved project id and endpoint) with
     * today's credentials; states written before these were recorded resolve them as at
     * create time.
     */
    recordedClient(props: ResolvedTargetOutputs & object): { client: WorkspaceClient; target: Target } {
        // Recorded values act as inputs, which beat stack config and environment.
        const recorded = { ...props } as Record<string, unknown>;
        if (props.resolvedProjectId) recorded.projectId = props.resolvedProjectId;
        if (props.resolvedEndpoint) recorded.endpoint = props.resolvedEndpoint;
        const settings = this.settings(recorded);
        return { client: clientFor(settings, this.seams), target: { projectId: settings.projectId, endpoint: settings.endpoint } };
    }

    /**
     * Refresh of a resource that records a job: reads the job at the recorded project and
     * endpoint, with today's credentials, and returns the outputs with its status. A job the
     * API no longer knows (404) leaves the outputs as they were: a vanished resource would be
     * created again, i.e. retried. Any other error is thrown, so that a wrong credential is
     * not mistaken for "no news".
     *
     * @param props - the stored outputs
     * @param jobId - the job the resource records
     */
    async refreshJob<T extends ResolvedTargetOutputs & JobStatusOutputs>(props: T, jobId: string): Promise<T> {
        const outs = { ...props };
        const { client, target } = this.recordedClient(outs);
        try {
            Object.assign(outs, jobStatusOutputs(await client.getJob(jobId)), targetOutputs(target));
        } catch (error) {
            if (!(isWorkspaceApiError(error) && error.status === 404)) throw error;
        }
        return outs;
    }

    /**
     * Runs a step of a provider; what it throws leaves with every credential of stack config
     * and the environment scrubbed from it, and the Pulumi advice added.
     */
    async withScrubbedErrors<T>(step: () => Promise<T>): Promise<T> {
        try {
            return await step();
        } catch (error) {
            throw errorForPulumi(error, this.config, this.seams.env);
        }
    }
}

let context: ProviderContext | undefined;

/**
 * The provider context of this process, created on first use and shared by the `JobRetry`
 * and `JobWait` providers: one stack config, one connection pool.
 */
export function sharedContext(): ProviderContext {
    return (context ??= new ProviderContext());
}
