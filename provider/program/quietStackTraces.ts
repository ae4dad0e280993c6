/**
 * Lets a resource register without the stack traces that `@pulumi/pulumi` takes for its own
 * bookkeeping promises and never shows.
 *
 * For each output key a resource declares, the SDK makes four promises and stores a
 * formatted stack trace on each (`debuggablePromise`), to print only when
 * `PULUMI_DEBUG_PROMISE_LEAKS` is set. In a TypeScript program, ts-node's source-map support
 * maps every frame of every such trace to its source: about 0.1 ms a trace, 68 traces for a
 * `JobRetry` (17 keys), most of the program's time per resource. With `Error.stackTraceLimit`
 * at 0 for the synchronous part of the registration those traces hold no frames and cost
 * nothing, and nothing the user can see changes.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";

/** The stack-trace limit lowered by {@link quietStackTraces}, until {@link QuietStackTraces.end}. */
export interface QuietStackTraces {
    /**
     * Gives `error`, thrown while the limit was lowered, the stack it would have had: the
     * frames from the caller of the resource constructor up.
     *
     * @param error - what the registration threw
     * @returns the same value, to rethrow
     */
    restack(error: unknown): unknown;
    /** Restores the limit as it was. */
    end(): void;
}

/**
 * Sets `Error.stackTraceLimit` to 0 until `end()`; call it right before a resource
 * constructor's `super(...)`, and `end()` in a `finally` right after.
 *
 * It changes nothing when:
 * - `PULUMI_DEBUG_PROMISE_LEAKS` is set: the traces are then printed, so they are kept;
 * - the SDK takes the resource's source position under the caller's limit (before
 *   `Resource.callsites`, which sets its own): the position sent to the engine would be lost.
 *
 * @param constructorFn - the resource's class, where a re-taken stack starts
 * @example
 * ```ts
 * const quiet = quietStackTraces(JobRetry);
 * try {
 *     super(provider, name, props, opts);
 * } catch (error) {
 *     throw quiet.restack(error);
 * } finally {
 *     quiet.end();
 * }
 * ```
 */
export function quietStackTraces(constructorFn: abstract new (...args: never[]) => unknown): QuietStackTraces {
    const limit = Error.stackTraceLimit;
    const quiet = quietIsSafe();
    if (quiet) Error.stackTraceLimit = 0;
    return {
        restack(error) {
            if (quiet && error instanceof Error) {
                Error.stackTraceLimit = limit;
                Error.captureStackTrace(error, constructorFn);
            }
            return error;
        },
        end() {
            if (quiet) Error.stackTraceLimit = limit;
        },
    };
}

/** True when no trace that anyone reads, and no source position, depends on the limit. */
function quietIsSafe(): boolean {
    return !process.env.PULUMI_DEBUG_PROMISE_LEAKS && takesOwnSourcePosition(pulumi.Resource);
}

/**
 * True when `resourceClass` (the SDK's `Resource`) takes a resource's source position under a
 * stack-trace limit of its own: since `Resource.callsites` it does. Before it, the SDK takes it
 * under the caller's limit, which {@link quietStackTraces} must then leave alone.
 *
 * @param resourceClass - `pulumi.Resource` of the SDK in use
 */
export function takesOwnSourcePosition(resourceClass: object): boolean {
    return typeof (resourceClass as { callsites?: unknown }).callsites === "function";
}
