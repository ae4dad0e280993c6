/**
 * What to do about a Workspace error in Pulumi terms: the client speaks Workspace only, and
 * the layers that run in Pulumi's processes add this line, and scrub credentials, before an
 * error leaves the package.
 *
 * @packageDocumentation
 */
import { credentialValues, redactError } from "./redact";
import type { ConfigLookup } from "./settingSources";

/**
 * The `pulumi_hint=` line for an error, or `undefined` when Pulumi has nothing to add.
 *
 * @param error - anything thrown by a Workspace call
 */
export function pulumiHint(error: unknown): string | undefined {
    if (!(error instanceof Error) || !/Error$/.test(error.name)) return undefined;
    const { status, code } = error as Error & { status?: unknown; code?: unknown };
    if (code === "APIG.0307") {
        return "set the new token as huaweicloud:token (pulumi config set --secret huaweicloud:token) or HW_AUTH_TOKEN, or use an access key pair";
    }
    if (status === 429) {
        return "lower the parallelism (pulumi up --parallel N) or raise huaweicloud:maxRetries / HW_MAX_RETRIES";
    }
    return undefined;
}

/**
 * The same error with its `pulumi_hint=` line added, when there is one.
 *
 * @param error - anything thrown by a Workspace call
 */
export function withPulumiHint(error: unknown): unknown {
    const hint = pulumiHint(error);
    if (hint && !(error as Error).message.includes("pulumi_hint=")) (error as Error).message += `\n    pulumi_hint=${hint}`;
    return error;
}

/**
 * An error as it leaves the package in a Pulumi process (the provider host, or the program
 * calling `getFailedJobs`): its `pulumi_hint=` line added, and every credential present in
 * stack config or the environment scrubbed from all its texts.
 *
 * @param error - anything thrown by a step
 * @param config - stack config, whose credentials are scrubbed
 * @param env - the environment, whose credentials are scrubbed
 */
export function errorForPulumi(error: unknown, config: ConfigLookup | undefined, env: NodeJS.ProcessEnv): Error {
    return redactError(withPulumiHint(error), credentialValues(config, env));
}
