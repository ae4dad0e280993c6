/**
 * A loopback HTTP server whose answers each test scripts (its `handler`), recording every
 * request it received: what a client test sends to, where the emulator is too well behaved.
 *
 * @packageDocumentation
 */
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as received. */
export interface Received {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
}

export type Handler = (req: Received, res: ServerResponse, raw: IncomingMessage) => void;

/** A loopback server whose answers each test scripts; it records what it received. */
export class Loopback {
    readonly received: Received[] = [];
    handler: Handler = (_req, res) => res.writeHead(500).end();
    private readonly sockets = new Set<Socket>();
    private readonly server: Server;
    url = "";

    constructor() {
        this.server = createServer((raw, res) => {
            const chunks: Buffer[] = [];
            raw.on("data", (chunk: Buffer) => chunks.push(chunk));
            raw.on("end", () => {
                const req = {
                    method: raw.method ?? "",
                    url: raw.url ?? "",
                    headers: raw.headers,
                    body: Buffer.concat(chunks).toString("utf8"),
                };
                this.received.push(req);
                this.handler(req, res, raw);
            });
        });
        this.server.on("connection", (socket: Socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
    }

    async start(): Promise<void> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Forgets the requests and cuts every connection (hung ones included). */
    reset(): void {
        this.received.length = 0;
        this.closeConnections();
        this.handler = (_req, res) => res.writeHead(500).end();
    }

    /** Cuts every connection, idle keep-alive ones and hung ones alike. */
    closeConnections(): void {
        this.sockets.forEach((socket) => socket.destroy());
    }

    async stop(): Promise<void> {
        this.closeConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
}
