/**
 * Waiting cost: GET requests and detection delay (time from the job's end to the waiter
 * noticing) of the provider's poll schedule (`waitForJob`: 1 s, x1.5 per poll, capped at
 * 30 s, minus up to 10% jitter) against a fixed 15 s poll (the same `waitForJob`, with
 * initial and largest delay 15 s and no jitter), for emulated jobs of several lengths.
 *
 * @packageDocumentation
 */
import { DEFAULT_PROJECT_ID, DEFAULT_TOKEN, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { createHttpTransport } from "../provider/client/axiosTransport";
import { createSigner } from "../provider/client/signing";
import { WorkspaceClient } from "../provider/client/workspaceClient";
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from "../provider/shared/constants";
import { PollSchedule, waitForJob } from "../provider/host/waiter";
import { FAILED_JOB } from "./jobs";
import { driveEmulatorClock, seededRandom, VirtualClock } from "./virtualClock";

/** Seed of the provider's jitter in this benchmark. */
const JITTER_SEED = 20250101;

/** What one waiter cost for one job. */
export interface WaitRun {
    /** GET requests of the new job that the emulator received. */
    gets: number;
    /** Virtual time from the job's end to the waiter's return, in seconds. */
    detectionDelaySeconds: number;
    /** How the wait ended. */
    phase: string;
}

/** Both waiters for one job length. */
export interface WaitPoint {
    jobSeconds: number;
    ours: WaitRun;
    fixed: WaitRun;
}

/** A poll schedule and the random source of its jitter. */
type Schedule = Pick<PollSchedule, "initialDelayMs" | "maxDelayMs"> & { random: () => number };

async function waitOnce(emulator: WorkspaceEmulator, jobSeconds: number, schedule: Schedule): Promise<WaitRun> {
    const clock = new VirtualClock();
    driveEmulatorClock(emulator, clock);
    const jobMs = jobSeconds * 1000;
    Object.assign(emulator.store.timing, { initMs: jobMs * 0.1, runMs: jobMs * 0.9, outcome: "SUCCESS" });
    emulator.reset();
    const client = new WorkspaceClient({
        endpoint: emulator.url,
        projectId: DEFAULT_PROJECT_ID,
        signer: createSigner({ kind: "token", token: DEFAULT_TOKEN }),
        transport: createHttpTransport(),
        sleep: clock.sleep,
        now: () => new Date(clock.nowMs()),
    });
    const { newJobId } = await client.retryJob(FAILED_JOB);
    const { random, ...delays } = schedule;
    const result = await waitForJob(
        () => client.getJob(newJobId),
        { timeoutMs: DEFAULT_WAIT_TIMEOUT_SECONDS * 1000, ...delays },
        { sleep: clock.sleep, nowMs: clock.nowMs, random },
    );
    const detectedAtMs = clock.nowMs();
    const job = emulator.store.find(DEFAULT_PROJECT_ID, newJobId);
    if (!job || job.initMs === undefined || job.runMs === undefined) throw new Error(`the emulator lost job ${newJobId}`);
    const gets = emulator.requests.filter((request) => request.route === "getJob" && request.url.endsWith(`/${newJobId}`)).length;
    if (gets !== result.polls) throw new Error(`waitForJob counted ${result.polls} polls, the emulator ${gets} GETs`);
    return {
        gets,
        detectionDelaySeconds: (detectedAtMs - (job.beginMs + job.initMs + job.runMs)) / 1000,
        phase: result.phase,
    };
}

/**
 * @param emulator - a dedicated emulator: its clock is taken over
 * @param jobSeconds - job lengths
 * @param fixedPollSeconds - period of the baseline
 */
export async function measureWaiting(emulator: WorkspaceEmulator, jobSeconds: number[], fixedPollSeconds: number): Promise<WaitPoint[]> {
    const points: WaitPoint[] = [];
    const fixedMs = fixedPollSeconds * 1000;
    const fixedSchedule = (): Schedule => ({ initialDelayMs: fixedMs, maxDelayMs: fixedMs, random: () => 0 });
    for (const seconds of jobSeconds) {
        const ours = await waitOnce(emulator, seconds, { random: seededRandom(JITTER_SEED + seconds) });
        const fixed = await waitOnce(emulator, seconds, fixedSchedule());
        points.push({ jobSeconds: seconds, ours, fixed });
    }
    return points;
}
