/**
 * The baseline retry: what `@pulumi/command`'s `local.Command` does for each resource,
 * i.e. `/bin/sh -c "<create>"` with a `curl` in it. One shell and one curl process per
 * retry, one fresh TCP connection per retry.
 *
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import { DEFAULT_PROJECT_ID, DEFAULT_TOKEN, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";

/** The shell command a user would put into `local.Command`'s `create`. */
export function curlRetryCommand(endpoint: string, jobId: string): string {
    const url = `${endpoint}/v2/${DEFAULT_PROJECT_ID}/workspace-jobs/${jobId}/actions`;
    return (
        `curl -sS --fail-with-body -X POST ` +
        `-H 'Content-Type: application/json' -H 'X-Project-Id: ${DEFAULT_PROJECT_ID}' -H 'X-Auth-Token: ${DEFAULT_TOKEN}' ` +
        `-d '{"op_type":"retry"}' '${url}'`
    );
}

/**
 * Runs the command once and resolves with the new job id it printed.
 *
 * @param emulator - the API
 * @param jobId - the failed job to retry
 */
export function curlRetry(emulator: WorkspaceEmulator, jobId: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn("/bin/sh", ["-c", curlRetryCommand(emulator.url, jobId)], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.once("error", reject);
        child.once("close", (code) => {
            const newJobId = code === 0 ? (JSON.parse(stdout) as { job_id?: unknown }).job_id : undefined;
            if (typeof newJobId === "string") resolve(newJobId);
            else reject(new Error(`curl exited ${code}: ${stderr || stdout}`));
        });
    });
}
