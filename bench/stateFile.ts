/**
 * An approximation of the stack state file (`pulumi stack export`, or the DIY backend's
 * checkpoint) holding N dynamic resources: each with its inputs and outputs, both of which
 * carry the full `__provider` text, as Pulumi stores a dynamic resource. The shape follows
 * `apitype.CheckpointV3` / `ResourceV3`; the encoding follows the CLI's (JSON, 4-space
 * indent, no HTML escaping). Stack and provider resources are included; secrets
 * providers and plugin metadata are not.
 *
 * @packageDocumentation
 */
import { randomUUID } from "node:crypto";

const PROJECT = "bench";
const STACK = "dev";
const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;
const PROVIDER_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const DEFAULT_PROVIDER_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:pulumi-nodejs::default`;

/** What the engine records for one resource. */
export interface StoredResource {
    /** Resource id (for JobRetry, the new job's id). */
    id: string;
    /** The checked inputs, `__provider` included. */
    inputs: Record<string, unknown>;
    /** The outputs returned by Create, `__provider` included. */
    outputs: Record<string, unknown>;
}

/**
 * The state file text for `count` resources.
 *
 * @param type - the resource type token, e.g. `pulumi-nodejs:dynamic:JobRetry`
 * @param count - number of resources
 * @param resource - the stored inputs and outputs of resource `index`
 */
export function approximateStateFile(type: string, count: number, resource: (index: number) => StoredResource): string {
    const time = "2025-01-01T00:00:00.000000000Z";
    const resources: Record<string, unknown>[] = [
        { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", created: time, modified: time },
        {
            urn: DEFAULT_PROVIDER_URN,
            custom: true,
            id: PROVIDER_ID,
            type: "pulumi:providers:pulumi-nodejs",
            inputs: {},
            outputs: {},
            created: time,
            modified: time,
        },
    ];
    for (let index = 0; index < count; index++) {
        const { id, inputs, outputs } = resource(index);
        resources.push({
            urn: `urn:pulumi:${STACK}::${PROJECT}::${type}::retry-${String(index).padStart(3, "0")}`,
            custom: true,
            id,
            type,
            inputs: sortKeys(inputs),
            outputs: sortKeys(outputs),
            parent: STACK_URN,
            provider: `${DEFAULT_PROVIDER_URN}::${PROVIDER_ID}`,
            propertyDependencies: Object.fromEntries(
                Object.keys(inputs)
                    .filter((key) => key !== "__provider")
                    .map((key) => [key, []]),
            ),
            created: time,
            modified: time,
        });
    }
    const checkpoint = {
        version: 3,
        checkpoint: {
            stack: `organization/${PROJECT}/${STACK}`,
            latest: { manifest: { time, magic: "", version: "v3.274.1" }, resources },
        },
    };
    return JSON.stringify(checkpoint, null, 4) + "\n";
}

/** Go encodes maps with sorted keys. */
function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.keys(value)
            .sort()
            .map((key) => [key, value[key]]),
    );
}

/**
 * Outputs of the sample create with a fresh job id per resource (same length), so the
 * N records differ as real ones would.
 *
 * @param sample - inputs and outputs of one real create
 * @param provider - the `__provider` text to store
 */
export function resourceLike(sample: StoredResource, provider: string): (index: number) => StoredResource {
    return () => {
        const id = randomUUID();
        return {
            id,
            inputs: { ...sample.inputs, __provider: provider },
            outputs: { ...sample.outputs, newJobId: id, __provider: provider },
        };
    };
}
