#!/usr/bin/env node
/**
 * `workspace-emulator`: runs the Workspace emulator until interrupted.
 *
 * @packageDocumentation
 */
import { parseArgs } from "node:util";
import { DEFAULT_PROJECT_ID, RetryOutcome } from "./jobStore";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_TOKEN, WorkspaceEmulator } from "./server";

const USAGE = `Usage: workspace-emulator [options]

  --host ADDRESS        address to bind (default 127.0.0.1)
  --port N              port, 0 for a free one (default 0)
  --token TOKEN         accepted IAM token, repeatable (default "${DEFAULT_TOKEN}")
  --access-key AK       accepted access key (default "${DEFAULT_ACCESS_KEY}")
  --secret-key SK       its secret key
  --security-token T    makes the key pair temporary: requests must carry this token
  --init-ms N           emulated ms a new job stays INIT (default 200)
  --run-ms N            emulated ms a new job stays RUNNING (default 1000)
  --outcome O           how new jobs end: SUCCESS, FAILED, SUBJOB_FAILED (default SUCCESS)
  --clock-scale N       emulated ms per real ms (default 1)
  --quiet               do not print each request
  --help                this text`;

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
    return Number(text);
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            host: { type: "string" },
            port: { type: "string" },
            token: { type: "string", multiple: true },
            "access-key": { type: "string" },
            "secret-key": { type: "string" },
            "security-token": { type: "string" },
            "init-ms": { type: "string" },
            "run-ms": { type: "string" },
            outcome: { type: "string" },
            "clock-scale": { type: "string" },
            quiet: { type: "boolean" },
            help: { type: "boolean" },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const outcome = (values.outcome ?? "SUCCESS").toUpperCase();
    if (!["SUCCESS", "FAILED", "SUBJOB_FAILED"].includes(outcome))
        throw new Error(`--outcome must be SUCCESS, FAILED or SUBJOB_FAILED, got ${JSON.stringify(values.outcome)}`);
    const accessKey = values["access-key"] ?? DEFAULT_ACCESS_KEY;
    const emulator = await WorkspaceEmulator.start({
        host: values.host,
        port: wholeNumber("port", values.port, 0),
        tokens: values.token,
        keys: { [accessKey]: { secretKey: values["secret-key"] ?? DEFAULT_SECRET_KEY, securityToken: values["security-token"] } },
        timing: {
            initMs: wholeNumber("init-ms", values["init-ms"], 200),
            runMs: wholeNumber("run-ms", values["run-ms"], 1000),
            outcome: outcome as RetryOutcome,
        },
        clockScale: wholeNumber("clock-scale", values["clock-scale"], 1),
        onRequest: values.quiet ? undefined : (r) => console.log(`${r.at} ${r.method} ${r.url} -> ${r.status || "dropped"} ${r.auth}`),
    });
    console.log(`Workspace emulator listening on ${emulator.url}`);
    const service = emulator.store.serviceView(DEFAULT_PROJECT_ID);
    console.log(`Project ${DEFAULT_PROJECT_ID}: Workspace service ${service.status} (job ${service.job_id || "none"}); seeded jobs:`);
    for (const job of emulator.store.all()) {
        const view = emulator.store.view(job);
        console.log(`  ${job.id}  ${job.jobType.padEnd(15)} ${view.status}`);
    }
    console.log(`Try: HW_WORKSPACE_ENDPOINT=${emulator.url} HW_AUTH_TOKEN=${DEFAULT_TOKEN} HW_PROJECT_ID=${DEFAULT_PROJECT_ID}`);
    const stop = () => void emulator.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
    console.error(`workspace-emulator: ${error.message}\n\n${USAGE}`);
    process.exit(2);
});
