/**
 * Which credentials to sign with: one whole set, from one level.
 *
 * Access key, secret key and security token belong together: an access key from stack config
 * with a secret key from the environment is no pair, and a stale `HW_SECURITY_TOKEN` in the
 * environment attached to permanent keys from stack config makes every call fail with 401.
 * So the set is taken from the most specific level, stack config then the environment, that
 * has an access key or an IAM token, and nothing from another level is added to it. At that
 * level a complete access key pair wins over a token: it is what Huawei's SDKs and Terraform
 * provider use by default, it does not expire during a long wait (a token lives 24 h), and
 * each request is signed, so no bearer secret travels. A set that is incomplete is an error
 * that says which level supplied what, by name, never by value.
 *
 * @packageDocumentation
 */
import type { Credentials } from "../client/signing";
import type { SettingLevel, SettingName, SourcedValue } from "./settingSources";
import { SettingsError } from "./settingsError";

/** The settings that make up credentials. */
export type CredentialName = Extract<SettingName, "accessKey" | "secretKey" | "securityToken" | "token">;

/** A level credentials can come from (they are never resource inputs). */
export type CredentialLevel = Exclude<SettingLevel, "input">;

/** Looks credentials up one level at a time (the settings resolver does). */
export interface CredentialLookup {
    /** The value at one level, with where it came from, e.g. `environment variable HW_SECRET_KEY`. */
    findAt(name: CredentialName, level: CredentialLevel): SourcedValue | undefined;
    /** Every place a setting is looked for at one level, e.g. `environment variable HW_SECRET_KEY or HUAWEICLOUD_SDK_SK`. */
    placesAt(name: CredentialName, level: CredentialLevel): string;
}

const LEVELS: readonly CredentialLevel[] = ["config", "env"];
const LEVEL_NAMES: Record<CredentialLevel, string> = { config: "stack config", env: "the environment" };
const WHAT: Record<CredentialName, string> = {
    accessKey: "an access key",
    secretKey: "a secret key",
    securityToken: "a security token",
    token: "an IAM token",
};

type LevelSet = Partial<Record<CredentialName, SourcedValue>>;

function setAt(lookup: CredentialLookup, level: CredentialLevel): LevelSet {
    const set: LevelSet = {};
    for (const name of Object.keys(WHAT) as CredentialName[]) {
        const found = lookup.findAt(name, level);
        if (found) set[name] = found;
    }
    return set;
}

/** `stack config supplies an access key (stack config "huaweicloud:accessKey")`, or `... supplies nothing`. */
function supplied(level: CredentialLevel, set: LevelSet): string {
    const parts = (Object.keys(set) as CredentialName[]).map((name) => `${WHAT[name]} (${set[name]!.from})`);
    return `${LEVEL_NAMES[level]} supplies ${parts.length > 0 ? parts.join(", ") : "no credential"}`;
}

function incomplete(problem: string, sets: Record<CredentialLevel, LevelSet>): SettingsError {
    return new SettingsError(
        `Incomplete credentials: ${problem}. ${LEVELS.map((level) => supplied(level, sets[level])).join("; ")}. ` +
            `A set is taken whole from one level (stack config, else the environment), never mixed across levels: ` +
            `set the access key and secret key (and any security token) together at one level, or an IAM token.`,
    );
}

/**
 * Resolves the credentials (see the module comment).
 *
 * @param lookup - stack config and environment, one level at a time
 * @throws SettingsError when the chosen level's set is incomplete, or no level has credentials
 */
export function resolveCredentials(lookup: CredentialLookup): Credentials {
    const sets = { config: setAt(lookup, "config"), env: setAt(lookup, "env") };
    const level = LEVELS.find((candidate) => sets[candidate].accessKey || sets[candidate].token);
    if (level === undefined) {
        // A security token alone is no credential; a secret key alone is half of one.
        if (LEVELS.some((candidate) => sets[candidate].secretKey)) throw incomplete("a secret key but no access key at any level", sets);
        const places = (name: CredentialName) => LEVELS.map((candidate) => lookup.placesAt(name, candidate)).join(", else ");
        throw new SettingsError(
            `No credentials: set an access key pair (${places("accessKey")}; with its secret key at the same level: ${places("secretKey")}) ` +
                `or an IAM token (${places("token")}).`,
        );
    }
    const { accessKey, secretKey, securityToken, token } = sets[level];
    if (accessKey && secretKey) {
        return { kind: "aksk", accessKey: accessKey.value, secretKey: secretKey.value, securityToken: securityToken?.value };
    }
    if (accessKey) {
        throw incomplete(`${LEVEL_NAMES[level]} has an access key but no secret key (${lookup.placesAt("secretKey", level)})`, sets);
    }
    if (secretKey) {
        throw incomplete(`${LEVEL_NAMES[level]} has a secret key but no access key (${lookup.placesAt("accessKey", level)})`, sets);
    }
    return { kind: "token", token: token!.value };
}
