/**
 * A private certificate authority made at test time with `openssl`, and a server certificate
 * it signs for `localhost` and `*.emulator.test`: what a company's internal CA or its
 * TLS-inspecting proxy looks like to the provider. Nothing is reused between runs.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** The host names the server certificate covers, besides `localhost`. */
export const CERTIFICATE_DOMAIN = "emulator.test";

/** The files and PEM texts of a private CA and of the server certificate it signed. */
export interface PrivateCa {
    /** Path of the CA certificate (PEM): the value for `NODE_EXTRA_CA_CERTS`. */
    caFile: string;
    /** The server certificate followed by the CA certificate, as a server sends its chain. */
    chain: string;
    /** The server's private key. */
    key: string;
    /** Removes the files. */
    remove(): void;
}

function openssl(dir: string, args: string[]): void {
    execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** Makes a CA and a server certificate for `localhost` and `*.emulator.test`, valid for a day. */
export function makePrivateCa(): PrivateCa {
    const dir = mkdtempSync(path.join(tmpdir(), "private-ca-"));
    const subject = (name: string) => ["-subj", `/O=Workspace jobs tests/CN=${name}`];
    openssl(dir, [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "1",
        ...subject("Test private CA"),
    ]);
    openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", ...subject("localhost")]);
    writeFileSync(
        path.join(dir, "server.ext"),
        `subjectAltName=DNS:localhost,DNS:*.${CERTIFICATE_DOMAIN}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
    );
    openssl(dir, [
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "1",
        "-extfile",
        "server.ext",
    ]);
    const read = (name: string) => readFileSync(path.join(dir, name), "utf8");
    return {
        caFile: path.join(dir, "ca.pem"),
        chain: read("server.pem") + read("ca.pem"),
        key: read("server.key"),
        remove: () => rmSync(dir, { recursive: true, force: true }),
    };
}
