/**
 * A real dynamic-provider host pointed at an emulator, the way the Pulumi engine runs it:
 * one host process per deployment, configured once, then Check + Create per resource.
 *
 * @packageDocumentation
 */
import type { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { emulatorEnv, SETTING_VARIABLES } from "../test/support/jobRetryHarness";
import { ProviderHost, startProviderHost } from "../test/support/providerHost";

// The seed page's failed applyWorkspace job: it stays FAILED, so it can be retried again and
// again; and the environment that points a provider at an emulator (token, project).
export { emulatorEnv, FAILED_JOB } from "../test/support/jobRetryHarness";

/**
 * Starts a host in `cwd` (whose node_modules resolve the `require()`s inside `__provider`)
 * and sends Configure, as the engine does once per deployment.
 *
 * @param emulator - the API the provider talks to
 * @param cwd - the program directory
 */
export async function startConfiguredHost(emulator: WorkspaceEmulator, cwd: string): Promise<ProviderHost> {
    const cleared = Object.fromEntries(SETTING_VARIABLES.map((name) => [name, ""]));
    const host = await startProviderHost({ cwd, env: { ...cleared, ...emulatorEnv(emulator) } });
    await host.configure({});
    return host;
}

/**
 * One resource step as the engine runs it for a new resource: Check, then Create with the
 * checked inputs. Rejects when Check reports failures.
 *
 * @param host - a configured host
 * @param inputs - the resource's inputs, `__provider` included
 */
export async function checkAndCreate(
    host: ProviderHost,
    inputs: Record<string, unknown>,
): Promise<{ id: string; properties: Record<string, any> }> {
    const checked = await host.check({}, inputs);
    if (checked.failures.length > 0) {
        throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    }
    return host.create(checked.inputs);
}
