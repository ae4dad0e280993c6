/**
 * Polls until a condition holds, for tests that wait on another process.
 *
 * @param condition - checked every `intervalMs`
 * @param failure - the error's message when `timeoutMs` passes first (a function, so it can show the latest output)
 * @param timeoutMs - how long to wait
 * @param intervalMs - time between checks
 */
export async function until(condition: () => boolean, failure: () => string, timeoutMs: number, intervalMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(failure());
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}
