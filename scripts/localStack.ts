/**
 * Runs the `pulumi` CLI against a throwaway local file backend: used by `npm run demo`
 * and by the end-to-end tests, so both drive the engine the same way.
 *
 * @packageDocumentation
 */
import { ChildProcess, execFile, spawn } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** How to run a stack. */
export interface LocalStackOptions {
    /** Absolute path of the `pulumi` binary (see `scripts/engine.sh`). */
    pulumi: string;
    /** Folder holding the program's `Pulumi.yaml`. */
    programDir: string;
    /** Stack name. @defaultValue "dev" */
    stack?: string;
    /** Extra environment for every command (settings, credentials). */
    env?: Record<string, string>;
    /** Passphrase of the throwaway secrets provider. @defaultValue a fixed test value */
    passphrase?: string;
}

/** What one CLI command did. */
export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Environment that keeps the CLI off the network and away from the user's `~/.pulumi`. */
export function offlineEnv(pulumi: string, stateDir: string, passphrase: string): Record<string, string> {
    return {
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_HOME: path.join(stateDir, ".pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        NO_COLOR: "1",
        PATH: `${path.dirname(pulumi)}${path.delimiter}${process.env.PATH ?? ""}`,
    };
}

/** Commands that read or write stack config. */
const USES_CONFIG = new Set(["config", "preview", "up", "refresh", "destroy"]);

/** A stack in a temporary local backend; {@link LocalStack.remove} deletes it all. */
export class LocalStack {
    private constructor(
        private readonly options: Required<Omit<LocalStackOptions, "env">> & { env: Record<string, string> },
        /** The temporary folder holding the state. */
        readonly stateDir: string,
    ) {}

    /**
     * The same stack as seen from a new machine (a fresh CI runner): a copy of the backend's
     * state and of the stack config in a new folder, a fresh `PULUMI_HOME`, and a fresh `HOME`
     * and `XDG_*` folders, so that nothing the earlier commands left on this machine is seen.
     * The copy is made now: commands of either stack do not reach the other.
     */
    async onNewRunner(): Promise<LocalStack> {
        const stateDir = await mkdtemp(path.join(tmpdir(), "jobretry-state-"));
        await cp(path.join(this.stateDir, ".pulumi"), path.join(stateDir, ".pulumi"), { recursive: true });
        const home = path.join(stateDir, ".home");
        await mkdir(home);
        const fresh: Record<string, string> = {
            HOME: home,
            XDG_STATE_HOME: path.join(home, ".local", "state"),
            XDG_CONFIG_HOME: path.join(home, ".config"),
            XDG_CACHE_HOME: path.join(home, ".cache"),
            XDG_DATA_HOME: path.join(home, ".local", "share"),
        };
        const next = new LocalStack({ ...this.options, env: { ...this.options.env, ...fresh } }, stateDir);
        await copyFile(this.configFile, next.configFile);
        return next;
    }

    /** Creates the backend folder and the stack. */
    static async create(options: LocalStackOptions): Promise<LocalStack> {
        const stateDir = await mkdtemp(path.join(tmpdir(), "jobretry-state-"));
        const stack = new LocalStack({ stack: "dev", passphrase: "throwaway-test-passphrase", env: {}, ...options }, stateDir);
        await stack.run(["stack", "init", stack.options.stack]);
        // `stack init` writes the passphrase salt next to Pulumi.yaml; keep it with the state.
        await rename(path.join(options.programDir, `Pulumi.${stack.options.stack}.yaml`), stack.configFile).catch(() => undefined);
        return stack;
    }

    /** The stack's config file, kept in the state folder. */
    get configFile(): string {
        return path.join(this.stateDir, `Pulumi.${this.options.stack}.yaml`);
    }

    /** Environment of every command. */
    get env(): NodeJS.ProcessEnv {
        return { ...process.env, ...offlineEnv(this.options.pulumi, this.stateDir, this.options.passphrase), ...this.options.env };
    }

    /**
     * Runs `pulumi <args> --stack <stack> --non-interactive`; rejects on a non-zero exit
     * unless `allowFailure`.
     */
    run(args: string[], allowFailure = false): Promise<CommandResult> {
        const full = [...args, "--non-interactive", ...(args[0] === "stack" && args[1] === "init" ? [] : ["--stack", this.options.stack])];
        if (USES_CONFIG.has(args[0])) {
            // Stack config lives with the throwaway state, not as Pulumi.<stack>.yaml in the program folder.
            full.push("--config-file", this.configFile);
        }
        return new Promise((resolve, reject) => {
            execFile(
                this.options.pulumi,
                full,
                { cwd: this.options.programDir, env: this.env, maxBuffer: 64 * 1024 * 1024 },
                (error, stdout, stderr) => {
                    const result = { code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr };
                    if (error && !allowFailure) {
                        reject(new Error(`pulumi ${full.join(" ")} failed (exit ${result.code}):\n${stdout}\n${stderr}`));
                    } else {
                        resolve(result);
                    }
                },
            );
        });
    }

    /**
     * Starts `pulumi <args>` like {@link LocalStack.run}, without waiting, as the leader of a
     * process group of its own: `process.kill(-child.pid, signal)` then reaches the CLI and
     * every plugin it started, as a cancelled pipeline job does.
     */
    start(args: string[]): { child: ChildProcess; output: () => string } {
        const full = [...args, "--non-interactive", "--stack", this.options.stack, "--config-file", this.configFile];
        const child = spawn(this.options.pulumi, full, { cwd: this.options.programDir, env: this.env, detached: true });
        let text = "";
        child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        return { child, output: () => text };
    }

    /** Sets (or, with `undefined`, removes) environment variables of every later command. */
    setEnv(variables: Record<string, string | undefined>): void {
        for (const [name, value] of Object.entries(variables)) {
            if (value === undefined) delete this.options.env[name];
            else this.options.env[name] = value;
        }
    }

    /** Removes a stack config value. */
    removeConfig(key: string): Promise<CommandResult> {
        return this.run(["config", "rm", key]);
    }

    /** Sets a stack config value (as a secret when asked). */
    setConfig(key: string, value: string, secret = false): Promise<CommandResult> {
        return this.run(["config", "set", key, value, ...(secret ? ["--secret"] : [])]);
    }

    /** `pulumi preview --diff`. */
    preview(): Promise<CommandResult> {
        return this.run(["preview", "--diff"]);
    }

    /** `pulumi preview --json`: the planned step of each resource, by type, e.g. `{ "pulumi-nodejs:dynamic:JobRetry": "create" }`. */
    async plannedSteps(): Promise<Record<string, string>> {
        const { stdout } = await this.run(["preview", "--json"]);
        const steps = (JSON.parse(stdout) as { steps?: Array<{ op: string; urn: string }> }).steps ?? [];
        return Object.fromEntries(steps.map((step) => [step.urn.split("::")[2], step.op]));
    }

    /** `pulumi up --yes --skip-preview`. */
    up(): Promise<CommandResult> {
        return this.run(["up", "--yes", "--skip-preview"]);
    }

    /** `pulumi refresh --yes --skip-preview`. */
    refresh(): Promise<CommandResult> {
        return this.run(["refresh", "--yes", "--skip-preview"]);
    }

    /** `pulumi destroy --yes --skip-preview`. */
    destroy(): Promise<CommandResult> {
        return this.run(["destroy", "--yes", "--skip-preview"]);
    }

    /** Stack outputs, secrets shown. */
    async outputs(): Promise<Record<string, unknown>> {
        return JSON.parse((await this.run(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<string, unknown>;
    }

    /** `pulumi stack export` as text (secrets stay encrypted). */
    async exportState(): Promise<string> {
        return (await this.run(["stack", "export"])).stdout;
    }

    /** Deletes the temporary backend. */
    async remove(): Promise<void> {
        await rm(this.stateDir, { recursive: true, force: true });
    }
}
