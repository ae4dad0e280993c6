/**
 * A small HTTP proxy on loopback, as a corporate one behaves: it tunnels `CONNECT host:port`
 * (HTTPS) and forwards plain `http://` requests, may ask for credentials (407), and records
 * what it saw: CONNECT or plain, the target, and the user name it was given. Host names are
 * resolved by the proxy, not by the client: `localhost`, `*.localhost` and `*.test` go to
 * 127.0.0.1, and nothing outside 127.0.0.0/8 is ever connected to (anything else: 403).
 *
 * Scripted misbehaviour: `refusals` (statuses for the next CONNECTs), `hangConnects` (accept
 * the TCP connection and never answer the CONNECT), `stallTunnels` (answer the CONNECT, then
 * forward nothing: a TLS handshake through the tunnel never completes). `passFirst` lets that
 * many CONNECTs through first, so that a test can aim at a request that follows others.
 */
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from "node:http";
import { AddressInfo, connect, Socket } from "node:net";

/** One request the proxy received. */
export interface ProxySighting {
    /** `CONNECT` for a tunnel, `plain` for a forwarded `http://` request. */
    kind: "CONNECT" | "plain";
    /** `host:port` the client asked for. */
    target: string;
    /** Method of a plain request. */
    method?: string;
    /** User name of the `Proxy-Authorization` it carried (the password is never kept). */
    user?: string;
    /** The status the proxy answered a CONNECT with (0 when it never answered). */
    status: number;
}

/** How to start a {@link ConnectProxy}. */
export interface ConnectProxyOptions {
    /** Credentials to require (`407` without them). */
    credentials?: { user: string; password: string };
}

/** Where a host name goes: loopback only. */
function loopbackAddress(host: string): string | undefined {
    if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".test")) return "127.0.0.1";
    return /^127(\.\d{1,3}){3}$/.test(host) ? host : undefined;
}

function splitTarget(target: string): { host: string; port: number } {
    const at = target.lastIndexOf(":");
    return { host: target.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(target.slice(at + 1)) };
}

/** A CONNECT and forwarding proxy on 127.0.0.1 (see the module comment). */
export class ConnectProxy {
    /** What it received, oldest first. */
    readonly seen: ProxySighting[] = [];
    /** Statuses to refuse the next CONNECTs with, one each. */
    refusals: number[] = [];
    /** When true, CONNECTs are accepted on TCP and never answered. */
    hangConnects = false;
    /** When true, CONNECTs are answered 200 and then nothing is forwarded either way. */
    stallTunnels = false;
    /** CONNECTs that pass before `refusals`, `hangConnects` and `stallTunnels` apply. */
    passFirst = 0;
    private readonly sockets = new Set<Socket>();
    private readonly server: Server;

    private constructor(private readonly options: ConnectProxyOptions) {
        this.server = createServer((req, res) => this.forward(req, res));
        this.server.on("connect", (req: IncomingMessage, socket: Socket, head: Buffer) => this.tunnel(req, socket, head));
        this.server.on("connection", (socket: Socket) => this.track(socket));
    }

    /** Starts a proxy on a free port of 127.0.0.1. */
    static async start(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
        const proxy = new ConnectProxy(options);
        await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", () => resolve()));
        return proxy;
    }

    /** `http://127.0.0.1:<port>`. */
    get url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** The proxy URL with credentials in it, as a user writes it in `HTTPS_PROXY`. */
    urlWith(user: string, password: string): string {
        return `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Forgets what it saw and any scripted misbehaviour. */
    reset(): void {
        this.seen.length = 0;
        this.refusals = [];
        this.hangConnects = false;
        this.stallTunnels = false;
        this.passFirst = 0;
    }

    /** Closes every connection and stops listening. */
    async stop(): Promise<void> {
        this.sockets.forEach((socket) => socket.destroy());
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private track(socket: Socket): void {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
    }

    /** The user name of valid credentials, `null` when they are required and missing or wrong. */
    private authorize(req: IncomingMessage): { ok: boolean; user?: string } {
        const header = req.headers["proxy-authorization"];
        const decoded = header?.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString("utf8") : undefined;
        const user = decoded?.split(":")[0];
        const wanted = this.options.credentials;
        return { ok: !wanted || decoded === `${wanted.user}:${wanted.password}`, user };
    }

    private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
        const sighting: ProxySighting = { kind: "CONNECT", target: req.url ?? "", status: 0 };
        const { ok, user } = this.authorize(req);
        sighting.user = user;
        this.seen.push(sighting);
        const answer = (status: number, reason: string, extra = "") => {
            sighting.status = status;
            client.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
        };
        const scripted = this.seen.filter((seen) => seen.kind === "CONNECT").length > this.passFirst;
        if (scripted && this.hangConnects) return;
        if (!ok) return answer(407, "Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="tests"\r\n');
        const refusal = scripted ? this.refusals.shift() : undefined;
        if (refusal !== undefined) return answer(refusal, "Refused");
        if (scripted && this.stallTunnels) {
            sighting.status = 200;
            client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
            return;
        }
        const { host, port } = splitTarget(sighting.target);
        const address = loopbackAddress(host);
        if (!address) return answer(403, "Forbidden");
        const upstream = connect(port, address);
        this.track(upstream);
        upstream.once("connect", () => {
            sighting.status = 200;
            client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
            if (head.length > 0) upstream.write(head);
            upstream.pipe(client);
            client.pipe(upstream);
        });
        upstream.once("error", () => (sighting.status === 0 ? answer(502, "Bad Gateway") : client.destroy()));
        client.once("close", () => upstream.destroy());
    }

    private forward(req: IncomingMessage, res: ServerResponse): void {
        const { ok, user } = this.authorize(req);
        let url: URL;
        try {
            url = new URL(req.url ?? "");
        } catch {
            res.writeHead(400).end();
            return;
        }
        const sighting: ProxySighting = { kind: "plain", target: url.host, method: req.method, user, status: 0 };
        this.seen.push(sighting);
        const address = loopbackAddress(url.hostname);
        if (!ok || !address) {
            sighting.status = ok ? 403 : 407;
            res.writeHead(sighting.status, ok ? {} : { "Proxy-Authenticate": 'Basic realm="tests"' }).end();
            return;
        }
        const headers = { ...req.headers };
        delete headers["proxy-authorization"];
        const upstream = httpRequest(
            { host: address, port: url.port, method: req.method, path: url.pathname + url.search, headers },
            (answer) => {
                sighting.status = answer.statusCode ?? 0;
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
            },
        );
        upstream.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
        req.pipe(upstream);
    }
}
