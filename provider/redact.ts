import { ConfigLookup, SETTING_SOURCES } from "./settings";

/** Shortest value treated as a secret to scrub; shorter ones would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Every credential value present in stack config or the environment, whether or not it
 * ends up used, so that none can slip into an error message.
 *
 * @param config - stack config from `configure`
 * @param env - the environment
 */
export function credentialValues(config: ConfigLookup | undefined, env: NodeJS.ProcessEnv): string[] {
    const values = new Set<string>();
    for (const source of Object.values(SETTING_SOURCES)) {
        if (!source.secret) continue;
        const candidates = [config?.get(source.config), ...source.env.map((name) => env[name])];
        for (const value of candidates) {
            if (value && value.length >= MIN_SECRET_LENGTH) values.add(value);
        }
    }
    return [...values];
}

/**
 * Replaces each secret in a text with `[REDACTED]`, longest first so that a secret that
 * contains another is scrubbed whole.
 *
 * @param text - any text about to leave the provider
 * @param secrets - values to scrub
 */
export function redact(text: string, secrets: readonly string[]): string {
    let result = text;
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        result = result.split(secret).join("[REDACTED]");
    }
    return result;
}

/**
 * The same error with every secret scrubbed from its message and stack. Extra fields the
 * engine reads (`id`, `properties`, `reasons` of a partial failure) are kept.
 *
 * @param error - anything thrown inside the provider
 * @param secrets - values to scrub
 */
export function redactError(error: unknown, secrets: readonly string[]): Error {
    const original = error instanceof Error ? error : new Error(String(error));
    if (secrets.length === 0) return original;
    original.message = redact(original.message, secrets);
    if (original.stack) original.stack = redact(original.stack, secrets);
    return original;
}
