import * as pulumi from "@pulumi/pulumi";
import { ConfigLookup, configLookup } from "../shared/settingSources";

/**
 * Stack config as the program process sees it, for settings looked up there (the
 * `getFailedJobs` data source) rather than in the provider's `configure` step.
 *
 * It reads the raw values the language host hands the program: no `pulumi.Config`, whose
 * `get` warns that a key is a secret and whose `getSecret` yields an Output that a plain
 * API call cannot use. The values are used for the call and dropped; nothing here is kept
 * or captured. Outside `pulumi up` (plain Node) there is no stack config: every lookup
 * answers `undefined`, and the environment decides.
 */
export function programConfig(): ConfigLookup {
    return configLookup((key) => pulumi.runtime.getConfig(key));
}
