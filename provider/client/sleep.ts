/**
 * Waits for a number of milliseconds on a real timer: the one default of every `sleep`
 * seam (retry backoff, job polling).
 *
 * @param ms - milliseconds to wait
 */
export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
