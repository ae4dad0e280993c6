/**
 * What the package's code takes from outside itself (environment variables, the network, the
 * clock, timers, randomness, and the lines it prints), as one set of seams with one place for
 * their defaults. Tests and benchmarks replace any of them; tuning of one call (a timeout, a
 * page size) is no seam and stays an argument of that call.
 *
 * @packageDocumentation
 */
import { createHttpTransport } from "../client/axiosTransport";
import type { HttpTransport } from "../client/http";
import { sleep } from "../client/sleep";

/** Everything the provider host and `getFailedJobs` take from outside their code. */
export interface ProcessSeams {
    /** Environment variables: settings and credentials not found in stack config. @defaultValue process.env */
    env: NodeJS.ProcessEnv;
    /** Sends HTTP requests. @defaultValue the process's one axios transport, so that every call shares its connection pool */
    transport: HttpTransport;
    /** Waits between attempts, polls and reads. @defaultValue a real timer */
    sleep: (ms: number) => Promise<void>;
    /** The clock, in milliseconds since the epoch: signing dates, recorded times, wait deadlines. @defaultValue Date.now */
    nowMs: () => number;
    /** Random source in [0, 1), for the jitter of retries and polls. @defaultValue Math.random */
    random: () => number;
    /**
     * Prints one warning line to the `pulumi up` output. @defaultValue a line on stderr, which
     * the CLI shows under the stack's row and in its Diagnostics (it forwards the provider host's output)
     */
    warn: (line: string) => void;
    /** Prints one progress line; the CLI forwards the provider host's stdout lines to `pulumi up`. @defaultValue console.log */
    print: (line: string) => void;
}

let processTransport: HttpTransport | undefined;

/**
 * The seams, each one given or else its default. The default transport is made on first use
 * and then shared by every caller in the process: one connection pool per process.
 *
 * @param given - the seams to replace (tests, benchmarks)
 */
export function processSeams(given: Partial<ProcessSeams> = {}): ProcessSeams {
    return {
        env: given.env ?? process.env,
        transport: given.transport ?? (processTransport ??= createHttpTransport()),
        sleep: given.sleep ?? sleep,
        nowMs: given.nowMs ?? Date.now,
        random: given.random ?? Math.random,
        warn: given.warn ?? ((line) => process.stderr.write(`${line}\n`)),
        print: given.print ?? ((line) => console.log(line)),
    };
}
