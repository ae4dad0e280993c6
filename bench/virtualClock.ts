/**
 * Virtual time for the waiting benchmark: a clock that moves only when a waiter sleeps,
 * shared by the waiter (`nowMs`/`sleep` seams of `waitForJob`) and the emulator (whose job
 * store derives each job's status from its clock). Every GET is a real HTTP request to
 * the emulator; only the waiting between them costs no real time, and a request itself
 * takes zero virtual time.
 *
 * @packageDocumentation
 */
import type { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";

/** A clock that advances only when told. */
export class VirtualClock {
    private now: number;

    /** @param startMs - the initial time, ms since the epoch */
    constructor(startMs = Date.parse("2025-01-01T00:00:00Z")) {
        this.now = startMs;
    }

    /** Current virtual time, ms since the epoch. */
    nowMs = (): number => this.now;

    /** Advances the clock by `ms` and yields to the event loop once. */
    sleep = async (ms: number): Promise<void> => {
        this.now += Math.max(0, ms);
        await new Promise((resolve) => setImmediate(resolve));
    };
}

/**
 * Makes the emulator's job store read time from `clock`.
 *
 * The emulator has no public clock option (only `clockScale` on the real clock), so this
 * replaces the store's private `clock` field; an `EmulatorOptions.clock` hook would be
 * the clean way.
 *
 * @param emulator - a started emulator
 * @param clock - the clock it should use from now on
 */
export function driveEmulatorClock(emulator: WorkspaceEmulator, clock: VirtualClock): void {
    const store = emulator.store as unknown as { clock?: { nowMs(): number } };
    if (!store.clock || typeof store.clock.nowMs !== "function") {
        throw new Error("the emulator's job store no longer has a private `clock`: give the emulator a public clock option");
    }
    store.clock = { nowMs: clock.nowMs };
}

/**
 * A small seeded random source in [0, 1) (mulberry32), so the provider's jitter is
 * realistic yet the same on every run.
 *
 * @param seed - any 32-bit integer
 */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
