/**
 * The resource class the naive providers are used with: a bare `dynamic.Resource`.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";

/** A dynamic resource driven by the given (naive) provider. */
export class NaiveRetry extends pulumi.dynamic.Resource {
    /**
     * @param provider - the provider object Pulumi serializes into `__provider`
     * @param name - the resource name
     * @param args - the inputs
     */
    constructor(provider: pulumi.dynamic.ResourceProvider, name: string, args: { jobId: string }) {
        super(provider, name, { ...args, newJobId: undefined }, undefined, undefined, "NaiveRetry");
    }
}
