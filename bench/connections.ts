/**
 * Counts the TCP connections that carried the emulator's requests during a run: one per
 * request without keep-alive, one per pooled socket with it.
 *
 * The emulator keeps its `node:http` server private, so this reaches it with a cast; a
 * public hook on the emulator (say `onConnection`, or the connection id in each
 * `LoggedRequest`) would make this less brittle.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import type { WorkspaceEmulator } from "pulumi-huaweicloud-workspace-jobs/emulator";

/** A running count; `stop()` detaches it. */
export interface ConnectionCounter {
    /** Distinct connections that carried at least one request since the counter started. */
    readonly used: number;
    /** Connections accepted since the counter started. */
    readonly opened: number;
    stop(): void;
}

/** @param emulator - the emulator whose server to watch */
export function countConnections(emulator: WorkspaceEmulator): ConnectionCounter {
    const server = (emulator as unknown as { server?: Server }).server;
    if (!server || typeof server.on !== "function") {
        throw new Error("the emulator no longer has a private `server` field: give it a public connection hook");
    }
    const sockets = new Set<Socket>();
    let opened = 0;
    const onRequest = (request: IncomingMessage) => sockets.add(request.socket);
    const onConnection = () => {
        opened += 1;
    };
    server.on("request", onRequest);
    server.on("connection", onConnection);
    return {
        get used() {
            return sockets.size;
        },
        get opened() {
            return opened;
        },
        stop: () => {
            server.off("request", onRequest);
            server.off("connection", onConnection);
        },
    };
}
