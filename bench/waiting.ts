/**
 * Waiting cost: GET requests and detection delay (time from the job's end to the waiter
 * noticing) of the provider's poll schedule (`waitForJob`: 1 s, x1.5 per poll, capped at
 * 30 s, minus up to 10% jitter) against a fixed 15 s poll (the same `waitForJob`, with
 * initial and largest delay 15 s and no jitter), for emulated jobs of several lengths.
 *
 * @packageDocumentation
 */
import { DEFAULT_PROJECT_ID, DEFAULT_TOKEN, WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";
import { createAxiosTransport } from "../provider/client/http";
import { createSigner } from "../provider/client/signing";
import { WorkspaceClient } from "../provider/client/workspaceClient";
import { DEFAULT_WAIT_TIMEOUT_SECONDS, POLL_MAX_DELAY_MS } from "../provider/constants";
import type { JobDetails } from "../provider/client/jobs";
import { waitForJob, WaitOptions } from "../provider/waiter";
import { FAILED_JOB } from "./benchHost";
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
    /** Width of the range of job lengths of the mean-delay sweep, in seconds. */
    spreadSeconds: number;
    /** Mean detection delay over job lengths from `jobSeconds` to `jobSeconds + spreadSeconds`, in seconds. */
    meanDelaySeconds: { ours: number; fixed: number };
}

/** Job lengths in the mean-delay sweep. */
const MEAN_DELAY_SAMPLES = 300;

type Schedule = Pick<WaitOptions, "initialDelayMs" | "maxDelayMs" | "random">;

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
        transport: createAxiosTransport(),
        sleep: clock.sleep,
        now: () => new Date(clock.nowMs()),
    });
    const { newJobId } = await client.retryJob(FAILED_JOB);
    const result = await waitForJob(() => client.getJob(newJobId), {
        timeoutMs: DEFAULT_WAIT_TIMEOUT_SECONDS * 1000,
        sleep: clock.sleep,
        nowMs: clock.nowMs,
        ...schedule,
    });
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
 * The mean detection delay of a schedule over job lengths from `jobSeconds` to
 * `jobSeconds + spreadSeconds` (exclusive) in equal steps. A round length such as 60 s
 * happens to fall on a fixed 15 s poll (delay 0); real lengths do not. The spread covers
 * a whole period of both schedules (30 s: two fixed polls, one capped poll of ours). This
 * sweep runs the same `waitForJob` against an in-memory job on the virtual clock (no
 * HTTP), since it needs thousands of polls; the table's GETs and single delays come from
 * the emulator.
 *
 * @param schedule - the schedule of sample `index` (ours varies its jitter seed)
 */
async function meanDelaySeconds(jobSeconds: number, spreadSeconds: number, schedule: (index: number) => Schedule): Promise<number> {
    let total = 0;
    for (let sample = 0; sample < MEAN_DELAY_SAMPLES; sample++) {
        const jobMs = (jobSeconds + (spreadSeconds * sample) / MEAN_DELAY_SAMPLES) * 1000;
        const clock = new VirtualClock();
        const beginMs = clock.nowMs();
        const readJob = async (): Promise<JobDetails> => ({
            id: "job",
            jobType: "applyWorkspace",
            status: clock.nowMs() - beginMs >= jobMs ? "SUCCESS" : "RUNNING",
            failReason: "",
            jobErrorCode: "",
            subJobs: [],
        });
        await waitForJob(readJob, {
            timeoutMs: DEFAULT_WAIT_TIMEOUT_SECONDS * 1000,
            sleep: clock.sleep,
            nowMs: clock.nowMs,
            ...schedule(sample),
        });
        total += clock.nowMs() - (beginMs + jobMs);
    }
    return total / MEAN_DELAY_SAMPLES / 1000;
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
    const spreadSeconds = Math.max(fixedPollSeconds, POLL_MAX_DELAY_MS / 1000);
    for (const seconds of jobSeconds) {
        const oursSchedule = (index = 0): Schedule => ({ random: seededRandom(JITTER_SEED + seconds + index) });
        const ours = await waitOnce(emulator, seconds, oursSchedule());
        const fixed = await waitOnce(emulator, seconds, fixedSchedule());
        const meanDelay = {
            ours: await meanDelaySeconds(seconds, spreadSeconds, oursSchedule),
            fixed: await meanDelaySeconds(seconds, spreadSeconds, fixedSchedule),
        };
        points.push({ jobSeconds: seconds, ours, fixed, spreadSeconds, meanDelaySeconds: meanDelay });
    }
    return points;
}
