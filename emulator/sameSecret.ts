import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares a received secret (token, signature) with the expected one in constant time.
 * Both are hashed first, so neither the length nor the content of the expected value leaks
 * by timing, whatever the lengths.
 *
 * @param received - what the client sent
 * @param expected - what the emulator knows
 */
export function sameSecret(received: string, expected: string): boolean {
    const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();
    return timingSafeEqual(digest(received), digest(expected));
}
