/**
 * The AK/SK signing vectors of `test/fixtures/aksk-vectors.json` (the first is Huawei's
 * official one), read once for the provider's signer tests and the emulator's verifier
 * tests, which check the two independent implementations against the same expectations.
 *
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** One signing vector; `canonicalRequest` holds the expected canonical request, one item per line. */
export interface Vector {
    name: string;
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
    date: string;
    accessKey: string;
    secretKey: string;
    securityToken?: string;
    canonicalRequest: string[];
    hashedCanonicalRequest: string;
    signature: string;
}

/** Every vector of the fixture, in file order. */
export const VECTORS: readonly Vector[] = (
    JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", "aksk-vectors.json"), "utf8")) as { vectors: Vector[] }
).vectors;
