import { createSigner } from "../client/signing";
import { WorkspaceClient } from "../client/workspaceClient";
import type { ProcessSeams } from "./processSeams";
import type { Settings } from "./settings";

/**
 * The Workspace client for resolved settings: the one way the provider host and
 * `getFailedJobs` build one. Clients are cheap; what is worth sharing, the transport and its
 * connection pool, comes from the seams.
 *
 * @param settings - project, endpoint, credentials, retries and request timeout
 * @param seams - transport, timer, clock and random source
 */
export function clientFor(settings: Settings, seams: Pick<ProcessSeams, "transport" | "sleep" | "nowMs" | "random">): WorkspaceClient {
    return new WorkspaceClient({
        endpoint: settings.endpoint,
        projectId: settings.projectId,
        signer: createSigner(settings.credentials),
        transport: seams.transport,
        retry: { maxRetries: settings.maxRetries, random: seams.random },
        requestTimeoutMs: settings.requestTimeoutMs,
        sleep: seams.sleep,
        now: () => new Date(seams.nowMs()),
    });
}
