import type { Credentials } from "../client/signing";
import { DEFAULT_MAX_RETRIES, MAX_REQUEST_TIMEOUT_SECONDS, MAX_RETRIES_LIMIT, REQUEST_TIMEOUT_MS } from "./constants";
import { cloudProblem, endpointProblem, normalizeEndpoint, regionEndpoint, regionProblem } from "./endpoint";
import { idProblem } from "./validation";
import { CredentialLevel, CredentialName, resolveCredentials } from "./credentialSet";
import { SettingsError } from "./settingsError";

export { SettingsError };

/** Where one setting may come from, in order: resource input, stack config key, environment variables. */
export interface SettingSource {
    /** Name of the `JobRetry` input, for settings that may be inputs (never credentials). */
    input?: string;
    /** Stack config key, read in the provider's `configure` step. */
    config: string;
    /** Environment variables, the first non-empty one wins. */
    env: readonly string[];
    /** Whether the value is a credential: never echoed, never an input. */
    secret: boolean;
}

/** Name of a setting of the provider. */
export type SettingName =
    | "projectId"
    | "region"
    | "endpoint"
    | "cloud"
    | "accessKey"
    | "secretKey"
    | "securityToken"
    | "token"
    | "maxRetries"
    | "requestTimeoutSeconds";

/**
 * Every setting of the provider and where it is looked for; first found wins. The README's
 * settings table lists the same, and a test keeps the two in step.
 */
export const SETTING_SOURCES: Readonly<Record<SettingName, SettingSource>> = {
    projectId: { input: "projectId", config: "huaweicloud:projectId", env: ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"], secret: false },
    region: { input: "region", config: "huaweicloud:region", env: ["HW_REGION_NAME"], secret: false },
    endpoint: { input: "endpoint", config: "huaweicloud:workspaceEndpoint", env: ["HW_WORKSPACE_ENDPOINT"], secret: false },
    cloud: { config: "huaweicloud:cloud", env: ["HW_CLOUD"], secret: false },
    accessKey: { config: "huaweicloud:accessKey", env: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"], secret: true },
    secretKey: { config: "huaweicloud:secretKey", env: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"], secret: true },
    securityToken: { config: "huaweicloud:securityToken", env: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"], secret: true },
    token: { config: "huaweicloud:token", env: ["HW_AUTH_TOKEN"], secret: true },
    maxRetries: { config: "huaweicloud:maxRetries", env: ["HW_MAX_RETRIES"], secret: false },
    requestTimeoutSeconds: { config: "huaweicloud:requestTimeoutSeconds", env: ["HW_REQUEST_TIMEOUT_SECONDS"], secret: false },
};

/** Read access to stack config, as the dynamic provider's `configure` step receives it. */
export interface ConfigLookup {
    /** The value of a fully qualified key such as `huaweicloud:region`, or `undefined`. */
    get(key: string): string | undefined;
}

// The signer owns the shape of the credentials it signs with.
export type { Credentials };

/** Everything a Workspace call needs, resolved from inputs, stack config and environment. */
export interface Settings extends Target {
    /** How requests are authenticated. */
    credentials: Credentials;
    /** Retries of a retryable failure after the first attempt. */
    maxRetries: number;
    /** Deadline of one HTTP exchange, in milliseconds. */
    requestTimeoutMs: number;
}

/** Where a setting can come from, most specific first. */
type Level = "input" | "config" | "env";
const LEVELS: readonly Level[] = ["input", "config", "env"];

interface Found {
    value: string;
    from: string;
}

/**
 * Looks settings up in inputs, stack config and environment, first found wins per setting.
 *
 * @param inputs - the resource inputs that may carry settings (`projectId`, `region`, `endpoint`)
 * @param config - stack config from `configure`; absent when `configure` was not called
 * @param env - the environment, `process.env` in the provider host
 */
export class SettingsResolver {
    constructor(
        private readonly inputs: Readonly<Record<string, unknown>>,
        private readonly config: ConfigLookup | undefined,
        private readonly env: NodeJS.ProcessEnv,
    ) {}

    /** First value found for a setting, with where it came from; empty strings count as unset. */
    find(name: SettingName): Found | undefined {
        for (const level of LEVELS) {
            const found = this.findAt(name, level);
            if (found) return found;
        }
        return undefined;
    }

    /** The value of a setting at one level only (resource input, stack config or environment). */
    findAt(name: SettingName, level: Level): Found | undefined {
        const source: SettingSource = SETTING_SOURCES[name];
        if (level === "input") {
            const input = source.input === undefined ? undefined : this.inputs[source.input];
            return typeof input === "string" && input !== "" ? { value: input, from: `the "${source.input}" input` } : undefined;
        }
        if (level === "config") {
            const configured = this.config?.get(source.config);
            return typeof configured === "string" && configured !== ""
                ? { value: configured, from: `stack config "${source.config}"` }
                : undefined;
        }
        for (const variable of source.env) {
            const value = this.env[variable];
            if (value) {
                return { value, from: `environment variable ${variable}` };
            }
        }
        return undefined;
    }

    /** Every place a credential is looked for at one level, e.g. `environment variable HW_SECRET_KEY or HUAWEICLOUD_SDK_SK`. */
    placesAt(name: CredentialName, level: CredentialLevel): string {
        const source: SettingSource = SETTING_SOURCES[name];
        return level === "config" ? `stack config "${source.config}"` : `environment variable ${source.env.join(" or ")}`;
    }

    /** Every place a setting is looked for, for "missing" messages. */
    static places(name: SettingName): string {
        const source: SettingSource = SETTING_SOURCES[name];
        const places = [
            ...(source.input ? [`the "${source.input}" input`] : []),
            `stack config "${source.config}"`,
            ...source.env.map((variable) => `environment variable ${variable}`),
        ];
        return places.join(", ");
    }
}

function checked(found: Found, problem: (value: string) => string | undefined): string {
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
    for (const level of LEVELS) {
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
    const settings = new SettingsResolver(inputs, config, env);
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
        ...resolveTarget(inputs, config, env),
        credentials: resolveCredentials(settings),
        maxRetries: resolveWholeNumber(settings, "maxRetries", 0, MAX_RETRIES_LIMIT, DEFAULT_MAX_RETRIES),
        requestTimeoutMs:
            1000 * resolveWholeNumber(settings, "requestTimeoutSeconds", 1, MAX_REQUEST_TIMEOUT_SECONDS, REQUEST_TIMEOUT_MS / 1000),
    };
}
