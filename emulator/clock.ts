/**
 * The emulator's time. Jobs advance by elapsed time, scaled: with `scale` 60 an emulated
 * 10-minute job finishes in 10 real seconds, so benchmarks of waiting stay short.
 */
export class EmulatorClock {
    private readonly origin = Date.now();

    /**
     * @param scale - emulated milliseconds per real millisecond
     */
    constructor(readonly scale = 1) {}

    /** Emulated milliseconds since the epoch. */
    nowMs(): number {
        return this.origin + (Date.now() - this.origin) * this.scale;
    }
}
