import type * as pulumi from "@pulumi/pulumi";
import { createHttpTransport } from "../client/axiosTransport";
import type { HttpTransport } from "../client/http";
import { createSigner } from "../client/signing";
import { sleep } from "../client/sleep";
import { WorkspaceClient } from "../client/workspaceClient";
import { withPulumiHint } from "../shared/pulumiAdvice";
import { credentialValues, redactError } from "../shared/redact";
import { ConfigLookup, resolveSettings, resolveTarget, Settings, Target } from "../shared/settings";
import { isWorkspaceApiError } from "../client/errors";
import { jobStatusOutputs } from "./jobStatus";
import type { JobStatusOutputs, ResolvedTargetOutputs } from "../shared/types";

/** The seams of a provider: everything it takes from the outside world. */
export interface ProviderEnvironment {
    /** Environment variables. @defaultValue process.env */
    env: NodeJS.ProcessEnv;
    /** Sends HTTP requests. @defaultValue {@link createHttpTransport} */
    transport: HttpTransport;
    /** Waits. @defaultValue a real timer */
    sleep: (ms: number) => Promise<void>;
    /** Wall clock. @defaultValue `new Date()` */
    now: () => Date;
    /** Random source in [0, 1). @defaultValue Math.random */
    random: () => number;
    /**
     * Prints one line to the `pulumi up` output. @defaultValue a line on stderr, which the CLI
     * shows under the stack's row and in its Diagnostics (it forwards the provider host's output)
     */
    warn: (line: string) => void;
    /** Writes one progress line; the host forwards its stdout lines to `pulumi up`. @defaultValue console.log */
    print: (line: string) => void;
}

/**
 * What every resource provider of this package shares in one provider host: the stack
 * config from `configure`, the outside world, and the one connection pool. Settings are
 * resolved per call (inputs can differ per resource), the transport is built once.
 */
export class ProviderContext {
    private config: ConfigLookup | undefined;
    /** The outside world. */
    readonly world: ProviderEnvironment;

    constructor(world: Partial<ProviderEnvironment> = {}) {
        this.world = {
            env: world.env ?? process.env,
            transport: world.transport ?? createHttpTransport(),
            sleep: world.sleep ?? sleep,
            now: world.now ?? (() => new Date()),
            random: world.random ?? Math.random,
            warn: world.warn ?? ((line) => process.stderr.write(`${line}\n`)),
            print: world.print ?? ((line) => console.log(line)),
        };
    }

    /** Keeps the stack config for later settings lookups; called once per provider process. */
    configure(request: pulumi.dynamic.ConfigureRequest): void {
        const config = request.config;
        this.config = { get: (key) => nonEmptyString(config.get(key)) };
    }

    /** Every setting, resolved from the inputs, stack config and environment. */
    settings(inputs: object): Settings {
        return resolveSettings(inputs as Record<string, unknown>, this.config, this.world.env);
    }

    /** Project id and endpoint from the inputs, stack config and environment; `undefined` when they do not resolve. */
    tryTarget(inputs: object): Target | undefined {
        try {
            return resolveTarget(inputs as Record<string, unknown>, this.config, this.world.env);
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
        return { client: this.client(settings), target: { projectId: settings.projectId, endpoint: settings.endpoint } };
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

    /** A Workspace client for resolved settings, on the shared transport. */
    client(settings: Settings): WorkspaceClient {
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

    /** Runs a step and scrubs every known credential from whatever it throws, to which it adds the Pulumi advice. */
    async guard<T>(step: () => Promise<T>): Promise<T> {
        try {
            return await step();
        } catch (error) {
            throw this.scrub(withPulumiHint(error));
        }
    }

    /** An error with every known credential scrubbed from its texts, for anything that leaves the provider. */
    scrub(error: unknown): unknown {
        return redactError(error, credentialValues(this.config, this.world.env));
    }
}

function nonEmptyString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The resolved target as outputs.
 *
 * @param target - where the calls went
 */
export function targetOutputs(target: Target): Required<ResolvedTargetOutputs> {
    return { resolvedProjectId: target.projectId, resolvedEndpoint: target.endpoint };
}

let context: ProviderContext | undefined;

/**
 * The provider context of this process, created on first use and shared by the `JobRetry`
 * and `JobWait` providers: one stack config, one connection pool.
 */
export function sharedContext(): ProviderContext {
    return (context ??= new ProviderContext());
}
