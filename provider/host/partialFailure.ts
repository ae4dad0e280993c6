import type { JobRetryOutputs } from "../shared/types";

/** The property under which the dynamic-provider host keeps the serialized provider. */
const PROVIDER_KEY = "__provider";

/**
 * A step that started (or adopted) a new job but then failed: the wait failed or timed
 * out. It carries `id` and `properties`, which the dynamic-provider host turns into
 * Pulumi's "resource initialization failed" answer: the engine keeps the resource, with
 * the new job id, in the state, so the job is not retried again by accident.
 *
 * The properties include the inputs' `__provider`: the host adds it to successful results
 * only, and a state without it cannot be refreshed or destroyed.
 */
export class JobRetryPartialFailure extends Error {
    /** Always `"JobRetryPartialFailure"`. */
    override name = "JobRetryPartialFailure";
    /** Resource id: the new job id. */
    readonly id: string;
    /** Outputs to record in the state, `__provider` included. */
    readonly properties: JobRetryOutputs & { [PROVIDER_KEY]?: unknown };
    /** Why the step failed, one per line in the engine's report. */
    reasons: string[];

    /**
     * @param message - what failed and what the next command does
     * @param properties - the outputs to record
     * @param inputs - the step's raw inputs, as the host passed them (with `__provider`)
     */
    constructor(message: string, properties: JobRetryOutputs, inputs: object) {
        super(message);
        this.id = properties.newJobId;
        const provider = (inputs as Record<string, unknown>)[PROVIDER_KEY];
        this.properties = provider === undefined ? { ...properties } : { ...properties, [PROVIDER_KEY]: provider };
        this.reasons = [message];
    }
}
