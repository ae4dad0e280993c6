/**
 * A note on local disk for each retry POST in flight, so that a retry whose `pulumi`
 * command was killed mid-POST is not sent again by the next `pulumi up`.
 *
 * Why it exists: the engine records a create as pending before calling the provider, and a
 * `pulumi up` after a kill -9 drops that pending create and creates the resource again,
 * which for `JobRetry` is a second POST, and possibly a second job. Nothing in the engine
 * or the Workspace API tells the provider that an earlier attempt was cut off, so the
 * provider leaves itself a note, written before the POST and removed once the POST has an
 * outcome that reaches the engine. The next create of the same retry finds a note when:
 * - the process sending the POST died with it (kill -9 of everything): outcome unknown;
 * - the process outlived its `pulumi` command (a kill -9 of the CLI alone leaves the
 *   provider host running) and is still waiting for the answer;
 * - that process got the answer after its command had ended: the note keeps the new job
 *   id, which nobody else saw.
 *
 * It is a local safeguard: it protects the next run on the same machine (a workstation, a
 * persistent runner). A fresh CI runner starts without the notes; there the engine's
 * pending-operation warning is the only trace. A note that cannot be written or read is
 * skipped: the journal never stops a retry on its own failure.
 *
 * @packageDocumentation
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname as osHostname, homedir } from "node:os";
import * as path from "node:path";
import { canonicalJson } from "../shared/triggers";
import type { JsonValue } from "../shared/types";

/** What identifies one intended retry: a retry of the same job, at the same place, for the same triggers. */
export interface RetryIntent {
    /** Base URL of the Workspace API. */
    endpoint: string;
    /** Project id of the call. */
    projectId: string;
    /** The failed job being retried. */
    jobId: string;
    /** The resource's `triggers`: a changed value is a deliberate new retry, never blocked. */
    triggers?: JsonValue;
}

/** The note written before a POST (no credential: where, what and who). */
interface InFlightNote {
    endpoint: string;
    projectId: string;
    jobId: string;
    startedAt: string;
    pid: number;
    hostname: string;
    bootId?: string;
    /** Set when the POST had an outcome after the command that asked for it had ended. */
    outcome?: { at: string; newJobId?: string; error?: string };
}

/** Why a retry is not sent: a note of an earlier POST of the same intent, whose outcome the state does not hold. */
export interface UnsettledRetry {
    /** Where the note is: deleting it allows the retry again. */
    file: string;
    /** When that POST was about to be sent (ISO-8601). */
    startedAt: string;
    /** The process that was sending it. */
    pid: number;
    /**
     * - `interrupted`: its process ended before the answer;
     * - `orphaned`: it was answered after the command that asked for it had ended, so the
     *   engine never recorded the answer (`newJobId` or `error` says what it was);
     * - `in-flight`: another process is sending it right now.
     */
    state: "interrupted" | "orphaned" | "in-flight";
    /** The job the POST started, when it was answered (`orphaned`). */
    newJobId?: string;
    /** The first line of the error it ended with (`orphaned`). */
    error?: string;
}

/** A POST in flight; {@link InFlight.settled} records its outcome. */
export interface InFlight {
    /**
     * The POST has an outcome: its note goes, unless the command that asked for it has
     * ended meanwhile (the answer then reaches nobody); the note then keeps the outcome.
     * Pass an error already scrubbed of credentials: its first line is kept.
     */
    settled(outcome: { newJobId?: string; error?: unknown }): Promise<void>;
}

/** The seams of a {@link RetryJournal}: the outside world it reads. */
export interface RetryJournalWorld {
    /** Folder of the notes; `undefined` turns the journal off. */
    dir: string | undefined;
    /** This process. @defaultValue process.pid */
    pid: number;
    /** This machine. @defaultValue os.hostname() */
    hostname: string;
    /** This boot of this machine (Linux), to tell a pid from before a reboot. @defaultValue /proc/sys/kernel/random/boot_id */
    bootId: string | undefined;
    /** Whether a process of this machine is running. @defaultValue a signal-0 probe */
    isRunning: (pid: number) => boolean;
    /**
     * The parent and grandparent process ids: the `pulumi` command that runs this provider
     * host (directly or through a launcher). They change when that command ends.
     * @defaultValue `process.ppid`, and the grandparent from /proc on Linux
     */
    lineage: () => Lineage;
    /** Wall clock. @defaultValue `new Date()` */
    now: () => Date;
}

const NO_NOTE: InFlight = { settled: async () => undefined };

/**
 * The notes of retry POSTs in flight, one file per POST under
 * `$XDG_STATE_HOME/pulumi-huaweicloud-workspace-jobs/retries-in-flight` (by default
 * `~/.local/state/...`).
 */
export class RetryJournal {
    private readonly world: RetryJournalWorld;
    /** The lineage when the journal was made: during a call of the engine, so the engine's. */
    private readonly engineLineage: Lineage;
    /** The folder, made once per process. */
    private made: Promise<void> | undefined;

    constructor(world: Partial<RetryJournalWorld> & Pick<RetryJournalWorld, "dir">) {
        this.world = {
            pid: process.pid,
            hostname: osHostname(),
            bootId: readBootId(),
            isRunning,
            lineage,
            now: () => new Date(),
            ...world,
        };
        this.engineLineage = this.world.lineage();
    }

    /**
     * Notes of earlier POSTs of this intent whose outcome the state cannot hold, oldest
     * first: interrupted, answered after their command ended, or in flight in another
     * process. Notes of POSTs in flight in this process (two resources retrying at once)
     * and of other machines (whose processes cannot be checked) are left out.
     *
     * @param intent - the retry about to be sent
     */
    async unsettled(intent: RetryIntent): Promise<UnsettledRetry[]> {
        const dir = this.world.dir;
        if (!dir) return [];
        const prefix = `${keyOf(intent)}.`;
        const names = await readdir(dir).catch(() => [] as string[]);
        const found: UnsettledRetry[] = [];
        for (const name of names.filter((entry) => entry.startsWith(prefix) && entry.endsWith(".json"))) {
            const file = path.join(dir, name);
            const note = await readFile(file, "utf8").then(parseNote, () => undefined);
            const state = note && this.stateOf(note);
            if (note && state) {
                found.push({
                    file,
                    startedAt: note.startedAt,
                    pid: note.pid,
                    state,
                    newJobId: note.outcome?.newJobId,
                    error: note.outcome?.error,
                });
            }
        }
        return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    }

    /**
     * Writes the note of a POST about to be sent; call {@link InFlight.settled} once the
     * POST has an outcome. The note is in the file system (not necessarily on the disk) when
     * this resolves: a killed process keeps it, a power cut may not.
     *
     * @param intent - the retry about to be sent
     */
    async begin(intent: RetryIntent): Promise<InFlight> {
        const dir = this.world.dir;
        if (!dir) return NO_NOTE;
        const note: InFlightNote = {
            endpoint: intent.endpoint,
            projectId: intent.projectId,
            jobId: intent.jobId,
            startedAt: this.world.now().toISOString(),
            pid: this.world.pid,
            hostname: this.world.hostname,
            ...(this.world.bootId ? { bootId: this.world.bootId } : {}),
        };
        const file = path.join(dir, `${keyOf(intent)}.${this.world.pid}.${randomBytes(4).toString("hex")}.json`);
        try {
            this.made ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(() => undefined);
            await this.made;
            await writeFile(file, `${JSON.stringify(note)}\n`, { mode: 0o600 });
        } catch {
            this.made = undefined; // try to make the folder again next time
            return NO_NOTE;
        }
        return {
            settled: async ({ newJobId, error }) => {
                if (!this.engineEnded()) {
                    await unlink(file).catch(() => undefined);
                    return;
                }
                const outcome = {
                    at: this.world.now().toISOString(),
                    ...(newJobId ? { newJobId } : { error: firstLine(error) }),
                };
                // Written aside and renamed: a reader never sees half a note (it would skip it, and retry).
                const aside = `${file}.${randomBytes(4).toString("hex")}.tmp`;
                await writeFile(aside, `${JSON.stringify({ ...note, outcome })}\n`, { mode: 0o600 })
                    .then(() => rename(aside, file))
                    .catch(() => unlink(aside).catch(() => undefined));
            },
        };
    }

    /**
     * Removes notes the user has dealt with (a job adopted for the intent).
     *
     * @param notes - from {@link RetryJournal.unsettled}
     */
    async forget(notes: readonly UnsettledRetry[]): Promise<void> {
        await Promise.all(notes.map((note) => unlink(note.file).catch(() => undefined)));
    }

    /**
     * Whether the command this host served has ended: the parent or grandparent changed.
     * A grandparent that cannot be read (now or then) counts as unchanged: a false "ended"
     * would keep the note of a recorded retry and stop a later one.
     */
    private engineEnded(): boolean {
        const [parent, grandparent] = this.world.lineage();
        const [engineParent, engineGrandparent] = this.engineLineage;
        if (parent !== engineParent) return true;
        return grandparent !== undefined && engineGrandparent !== undefined && grandparent !== engineGrandparent;
    }

    /** What became of a note's POST, or `undefined` when it is none of this process's business. */
    private stateOf(note: InFlightNote): UnsettledRetry["state"] | undefined {
        if (note.outcome) return "orphaned";
        if (note.hostname !== this.world.hostname) return undefined;
        if (note.bootId && this.world.bootId && note.bootId !== this.world.bootId) return "interrupted";
        if (note.pid === this.world.pid) return undefined;
        return this.world.isRunning(note.pid) ? "in-flight" : "interrupted";
    }
}

/**
 * The folder of the notes, from the environment: `$XDG_STATE_HOME` or `~/.local/state`;
 * `undefined` (journal off) when neither is known.
 *
 * @param env - the environment
 */
export function journalDir(env: NodeJS.ProcessEnv): string | undefined {
    const home = env.HOME || safeHomedir();
    const stateHome = env.XDG_STATE_HOME || (home ? path.join(home, ".local", "state") : undefined);
    return stateHome ? path.join(stateHome, "pulumi-huaweicloud-workspace-jobs", "retries-in-flight") : undefined;
}

/**
 * An earlier retry POST of the same intent has an outcome the state does not hold (its
 * command was killed), or is still in flight in another process: nothing is sent, because
 * that POST may have started a job. The message says what is known and what to do.
 */
export class RetryInterruptedError extends Error {
    /** Always `"RetryInterruptedError"`, so type guards work across copies of this package. */
    override name = "RetryInterruptedError";

    /**
     * @param intent - the retry that was not sent
     * @param notes - from {@link RetryJournal.unsettled}, oldest first (at least one)
     */
    constructor(intent: RetryIntent, notes: readonly UnsettledRetry[]) {
        const started = notes.find((note) => note.newJobId);
        const running = notes.find((note) => note.state === "in-flight");
        const job = `job ${intent.jobId}`;
        const lines = started
            ? [
                  `Job ${intent.jobId} was already retried as job ${started.newJobId}; its pulumi command ended before recording it.`,
                  `    started_job=${started.newJobId} (the retry was sent at ${started.startedAt} by process ${started.pid})`,
                  `    why_not_again=a second retry would start a second job, so none was sent`,
                  `    to_record_it=set adoptJobId to ${started.newJobId} on this JobRetry and run "pulumi up": it records the job, sends no retry and clears this note`,
              ]
            : running
              ? [
                    `Another retry of ${job} is in flight in process ${running.pid}; not sent again.`,
                    `    in_flight=sent at ${running.startedAt}, no answer yet`,
                    `    why_not_again=a second retry could start a second job`,
                    `    if_it_is_left_from_an_interrupted_command=let it finish (or stop it), then run "pulumi up" again: this error then says which job it started`,
                ]
              : [
                    `Outcome unknown: an earlier retry of ${job} was interrupted before its answer arrived; not sent again.`,
                    `    interrupted=${describe(notes[0])}` + (notes.length > 1 ? ` (and ${notes.length - 1} more)` : ""),
                    `    why_not_again=the interrupted retry may have started a job, and a second retry could start a second job`,
                    `    check=the Workspace console's task list, or GET /v2/${intent.projectId}/workspaces (its job_id is the newest registration or deregistration job)`,
                    `    if_a_job_started=set adoptJobId to that job's id on this JobRetry and run "pulumi up": it records the job, sends no retry and clears this note`,
                    `    if_none_started=delete ${notes.map((note) => note.file).join(" ")} and run "pulumi up": it retries once`,
                ];
        super([...lines, `    call=POST ${intent.endpoint}/v2/${intent.projectId}/workspace-jobs/${intent.jobId}/actions`].join("\n"));
    }
}

function describe(note: UnsettledRetry): string {
    return note.state === "orphaned"
        ? `sent at ${note.startedAt} by process ${note.pid}, answered after its pulumi command had ended: ${note.error ?? "no answer"}`
        : `sent at ${note.startedAt} by process ${note.pid}, which ended before the answer`;
}

function firstLine(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
}

/** File-name key of an intent: a hash, so that no id or URL needs escaping. */
function keyOf(intent: RetryIntent): string {
    const text = [intent.endpoint, intent.projectId, intent.jobId, canonicalJson(intent.triggers)].join("\n");
    return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

function parseNote(text: string): InFlightNote | undefined {
    try {
        const note = JSON.parse(text) as InFlightNote;
        return Number.isInteger(note.pid) && typeof note.hostname === "string" && typeof note.startedAt === "string" ? note : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Signal 0 checks a process without touching it; EPERM means it runs under another user.
 * A zombie (killed, not yet reaped: common in containers whose init does not reap) answers
 * signal 0 too, so /proc is asked where there is one.
 */
function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
    const state = procStat(pid)?.[0];
    return state !== "Z" && state !== "X";
}

/**
 * The fields of `/proc/<pid>/stat` after the command name, which may hold spaces and
 * parentheses (so the text is read after the last ")"): `[0]` is the state, `[1]` the parent
 * pid, `[19]` the start time. `undefined` where there is no /proc or no such process.
 *
 * @param pid - the process
 */
export function procStat(pid: number | string): string[] | undefined {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    } catch {
        return undefined;
    }
}

/** Parent pid, and grandparent pid when it can be read. */
export type Lineage = [parent: number, grandparent?: number];

/** The parent and grandparent pids, the grandparent from /proc where there is one. */
function lineage(): Lineage {
    const parent = process.ppid;
    const grandparent = Number(procStat(parent)?.[1]);
    return Number.isInteger(grandparent) ? [parent, grandparent] : [parent];
}

function readBootId(): string | undefined {
    try {
        return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
    } catch {
        return undefined;
    }
}

function safeHomedir(): string | undefined {
    try {
        return homedir() || undefined;
    } catch {
        return undefined;
    }
}
