/**
 * Runs `n` tasks with at most `parallel` in flight, as the Pulumi engine schedules
 * independent resource steps under `--parallel`.
 *
 * @packageDocumentation
 */

/** How a pool run went. */
export interface PoolRun<T> {
    /** Results in task order. */
    results: T[];
    /** Wall time from the first start to the last finish, in milliseconds. */
    elapsedMs: number;
}

/**
 * @param n - number of tasks
 * @param parallel - most tasks in flight at once
 * @param task - runs task `index`; a rejection fails the whole run
 */
export async function runPool<T>(n: number, parallel: number, task: (index: number) => Promise<T>): Promise<PoolRun<T>> {
    const results = new Array<T>(n);
    let next = 0;
    const started = process.hrtime.bigint();
    const worker = async () => {
        while (next < n) {
            const index = next++;
            results[index] = await task(index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker));
    return { results, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
}
