/**
 * Everything one bench run measured, as `--json` writes it.
 *
 * @packageDocumentation
 */
import type { Machine } from "./machine";
import type { MemoryResult } from "./memory";
import type { SizeResult } from "./serializedSize";
import type { ThroughputPoint } from "./throughput";
import type { WaitPoint } from "./waiting";

/** The results of a run. */
export interface BenchResults {
    /** ISO-8601 time the run started. */
    startedAt: string;
    quick: boolean;
    machine: Machine;
    /** Concurrent operations used for every parallel measurement. */
    parallel: number;
    /** Where `parallel` came from. */
    parallelSource: string;
    sizes: SizeResult;
    /** One point per N; the last is the headline. */
    throughput: ThroughputPoint[];
    waiting: WaitPoint[];
    /** Period of the fixed-poll baseline, in seconds. */
    fixedPollSeconds: number;
    memory: MemoryResult;
}

/** The targets of the issue, each with its verdict. */
export interface TargetVerdict {
    id: "providerSize" | "sizeRatio" | "throughput" | "waiting" | "rssGrowth" | "rssLeak";
    name: string;
    pass: boolean;
    detail: string;
}
