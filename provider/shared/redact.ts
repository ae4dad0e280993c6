import { ConfigLookup, SETTING_SOURCES } from "./settingSources";

/** Shortest value treated as a secret to scrub; shorter ones would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** Variables whose URL may carry a proxy's user name and password. */
export const PROXY_VARIABLES: readonly string[] = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/** The password of each proxy URL in the environment, as written and decoded. */
function proxyPasswords(env: NodeJS.ProcessEnv): string[] {
    const found: string[] = [];
    for (const name of PROXY_VARIABLES) {
        let url: URL;
        try {
            url = new URL(env[name] ?? "");
        } catch {
            continue;
        }
        if (url.password) found.push(url.password, decodeURIComponent(url.password));
    }
    return found;
}

/**
 * Every credential value present in stack config or the environment (a proxy URL's password
 * included), whether or not it ends up used, so that none can slip into an error message.
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
    for (const password of proxyPasswords(env)) {
        if (password.length >= MIN_SECRET_LENGTH) values.add(password);
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
 * A copy of a JSON-like value with every string scrubbed, at any depth: a credential is
 * found by its value, and nothing else is changed (no level cut, no key dropped), because
 * these may be values the engine records. A value met again (a cycle) is not copied twice.
 */
function redactValue(value: unknown, secrets: readonly string[], seen: Map<object, unknown>): unknown {
    if (typeof value === "string") return redact(value, secrets);
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
        const copy: unknown[] = [];
        seen.set(value, copy);
        for (const item of value) copy.push(redactValue(item, secrets, seen));
        return copy;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, secrets, seen);
    return copy;
}

/** Scrubs an error's texts in place, then its causes' (each error once, so a cause cycle ends). */
function redactInPlace(error: Error, secrets: readonly string[], done: Set<Error>): void {
    if (done.has(error)) return;
    done.add(error);
    error.message = redact(error.message, secrets);
    if (error.stack) error.stack = redact(error.stack, secrets);
    const fields = error as unknown as Record<string, unknown>;
    for (const field of ["reasons", "properties"]) {
        if (fields[field] !== undefined) {
            // Redefined, not assigned: the error classes declare these fields readonly.
            Object.defineProperty(error, field, {
                value: redactValue(fields[field], secrets, new Map()),
                enumerable: true,
                writable: true,
            });
        }
    }
    const cause = error.cause;
    if (cause instanceof Error) {
        redactInPlace(cause, secrets, done);
    } else if (cause !== undefined) {
        Object.defineProperty(error, "cause", { value: redactValue(cause, secrets, new Map()), enumerable: false, writable: true });
    }
}

/**
 * The same error with every secret scrubbed from every text that can leave the provider:
 * message, stack, a partial failure's `reasons` and `properties`, and the whole `cause`
 * chain. The fields the engine reads (`id`, `properties`, `reasons`) are kept, and recorded
 * values lose nothing but the credentials in them, however deep they sit.
 *
 * @param error - anything thrown inside the provider
 * @param secrets - values to scrub
 */
export function redactError(error: unknown, secrets: readonly string[]): Error {
    const original = error instanceof Error ? error : new Error(String(error));
    if (secrets.length === 0) return original;
    redactInPlace(original, secrets, new Set());
    return original;
}
