/**
 * Resolving the settings a Workspace call needs (where calls go, credentials, retries and
 * timeout) from inputs, stack config and environment, each checked, with messages that say
 * where a value came from. Where each setting is looked for is `settingSources.ts`.
 *
 * @packageDocumentation
 */
import type { Credentials } from "../client/signing";
import { DEFAULT_MAX_RETRIES, MAX_REQUEST_TIMEOUT_SECONDS, MAX_RETRIES_LIMIT, REQUEST_TIMEOUT_MS } from "./constants";
import { cloudProblem, endpointProblem, normalizeEndpoint, regionEndpoint, regionProblem } from "./endpoint";
import { idProblem } from "./validation";
import { resolveCredentials } from "./credentialSet";
import { ConfigLookup, SETTING_LEVELS, SettingName, SettingsResolver, SourcedValue } from "./settingSources";
import { SettingsError } from "./settingsError";

/** Everything a Workspace call needs, resolved from inputs, stack config and environment. */
export interface Settings extends Target {
    /** How requests are authenticated. */
    credentials: Credentials;
    /** Retries of a retryable failure after the first attempt. */
    maxRetries: number;
    /** Deadline of one HTTP exchange, in milliseconds. */
    requestTimeoutMs: number;
}

function checked(found: SourcedValue, problem: (value: string) => string | undefined): string {
    const reason = problem(found.value);
    if (reason) {
        throw new SettingsError(`Invalid setting from ${found.from}: ${reason}`);
    }
    return found.value;
}

/**
 * The endpoint, from the most specific level that sets either an endpoint or a region: a
 * `region` input beats an endpoint in stack config or the environment, and within one
 * level an endpoint beats a region.
 */
function resolveEndpoint(settings: SettingsResolver): string {
    for (const level of SETTING_LEVELS) {
        const endpoint = settings.findAt("endpoint", level);
        if (endpoint) {
            return normalizeEndpoint(checked(endpoint, endpointProblem));
        }
        const region = settings.findAt("region", level);
        if (region) {
            const cloud = settings.find("cloud");
            return regionEndpoint(checked(region, regionProblem), cloud && checked(cloud, cloudProblem));
        }
    }
    throw new SettingsError(
        `No Workspace endpoint: set a region (${SettingsResolver.places("region")}) or an endpoint (${SettingsResolver.places("endpoint")}).`,
    );
}

function resolveWholeNumber(settings: SettingsResolver, name: SettingName, min: number, max: number, fallback: number): number {
    const found = settings.find(name);
    if (!found) {
        return fallback;
    }
    return Number(
        checked(found, (text) =>
            /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max
                ? undefined
                : `must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
        ),
    );
}

/** Which project and which endpoint calls go to: what a `JobRetry` records as resolved. */
export interface Target {
    /** Project id that goes into every path. */
    projectId: string;
    /** Base URL without trailing slash. */
    endpoint: string;
}

/**
 * Resolves the project id and endpoint only (no credentials): what `diff` compares, so
 * that moving a setting between input, stack config and environment with the same value
 * changes nothing.
 *
 * @param inputs - resource inputs (`projectId`, `region`, `endpoint`)
 * @param config - stack config from `configure`
 * @param env - the environment
 */
export function resolveTarget(inputs: Readonly<Record<string, unknown>>, config: ConfigLookup | undefined, env: NodeJS.ProcessEnv): Target {
    return targetOf(new SettingsResolver(inputs, config, env));
}

function targetOf(settings: SettingsResolver): Target {
    const projectId = settings.find("projectId");
    if (!projectId) {
        throw new SettingsError(`No project id: set ${SettingsResolver.places("projectId")}.`);
    }
    return { projectId: checked(projectId, idProblem), endpoint: resolveEndpoint(settings) };
}

/**
 * Resolves every setting a Workspace call needs. Throws a {@link SettingsError} that lists
 * the places looked in when one is missing, or names its source when it is malformed.
 *
 * @param inputs - resource inputs (`projectId`, `region`, `endpoint`)
 * @param config - stack config from `configure`
 * @param env - the environment
 */
export function resolveSettings(
    inputs: Readonly<Record<string, unknown>>,
    config: ConfigLookup | undefined,
    env: NodeJS.ProcessEnv,
): Settings {
    const settings = new SettingsResolver(inputs, config, env);
    return {
        ...targetOf(settings),
        credentials: resolveCredentials(settings),
        maxRetries: resolveWholeNumber(settings, "maxRetries", 0, MAX_RETRIES_LIMIT, DEFAULT_MAX_RETRIES),
        requestTimeoutMs:
            1000 * resolveWholeNumber(settings, "requestTimeoutSeconds", 1, MAX_REQUEST_TIMEOUT_SECONDS, REQUEST_TIMEOUT_MS / 1000),
    };
}
