import type { JobRetryOutputs } from "./types";

/**
 * A create that started a new job but then failed (the wait failed or timed out). It
 * carries `id` and `properties`, which the dynamic-provider host turns into Pulumi's
 * "resource initialization failed" answer: the engine keeps the resource, with the new job
 * id, in the state, so the job is not retried again by accident on the next `pulumi up`.
 */
export class JobRetryPartialFailure extends Error {
    /** Always `"JobRetryPartialFailure"`. */
    override name = "JobRetryPartialFailure";
    /** Resource id: the new job id. */
    readonly id: string;
    /** Outputs to record in the state. */
    readonly properties: JobRetryOutputs;
    /** Why the step failed, one per line in the engine's report. */
    readonly reasons: string[];

    constructor(message: string, properties: JobRetryOutputs) {
        super(message);
        this.id = properties.newJobId;
        this.properties = properties;
        this.reasons = [message];
    }
}
