/** A setting that is missing, malformed or contradictory. Names where it was looked for; never holds a secret. */
export class SettingsError extends Error {
    /** Always `"SettingsError"`, so type guards work across copies of this package. */
    override readonly name = "SettingsError";
}
