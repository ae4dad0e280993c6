/**
 * Where each setting of the provider is looked for (resource input, stack config key,
 * environment variables), and the lookup that goes through those places in order.
 *
 * @packageDocumentation
 */

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
 * Every setting of the provider and where it is looked for; first found wins. Exported, so
 * that a program or a test can list the names the provider reads (docs/settings.md shows them).
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

/**
 * Stack config as a {@link ConfigLookup}, from wherever the process reads it (the provider's
 * `configure` request, the program's runtime): a value that is not a non-empty string counts
 * as unset.
 *
 * @param read - reads the raw value of a fully qualified key
 */
export function configLookup(read: (key: string) => unknown): ConfigLookup {
    return {
        get: (key) => {
            const value = read(key);
            return typeof value === "string" && value !== "" ? value : undefined;
        },
    };
}

/** A place a setting can come from, most specific first: resource input, stack config, environment. */
export type SettingLevel = "input" | "config" | "env";

/** The levels, most specific first. */
export const SETTING_LEVELS: readonly SettingLevel[] = ["input", "config", "env"];

/** A setting's value with where it was found, e.g. `environment variable HW_REGION_NAME`, for messages. */
export interface SourcedValue {
    /** The value, never empty. */
    value: string;
    /** Where it was found, by name (never by value). */
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
    find(name: SettingName): SourcedValue | undefined {
        for (const level of SETTING_LEVELS) {
            const found = this.findAt(name, level);
            if (found) return found;
        }
        return undefined;
    }

    /** The value of a setting at one level only (resource input, stack config or environment). */
    findAt(name: SettingName, level: SettingLevel): SourcedValue | undefined {
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

    /** Every place a setting is looked for at stack config or environment level, e.g. `environment variable HW_SECRET_KEY or HUAWEICLOUD_SDK_SK`. */
    placesAt(name: SettingName, level: Exclude<SettingLevel, "input">): string {
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
