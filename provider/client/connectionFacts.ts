/**
 * Whether a request could have reached Workspace, read from the request axios made.
 *
 * The retry POST may be sent again only when it provably never reached the server. What
 * proves it depends on the hop that failed:
 * - `https://` (directly or through a CONNECT proxy): Workspace sees a byte of the request
 *   only after a TLS handshake with it succeeded and its certificate was verified, which is
 *   exactly when Node sets `authorized` on the request's TLS socket. No socket at all (the TCP
 *   connection to the first hop, or the proxy's CONNECT, never came up), a socket that is not
 *   TLS (the proxy refused the CONNECT and its answer is replayed on a stand-in socket), or a
 *   TLS socket that was never authorized: never connected.
 * - `http://` (loopback only, directly or through a forwarding proxy): the request is written
 *   as soon as the TCP connection to the first hop is up, so the agent that made the socket
 *   records its `connect` event.
 *
 * A fact that cannot be read (no request, a socket some other code made) counts as
 * "connected": a missed event must never turn into a second POST.
 *
 * @packageDocumentation
 */
import * as http from "node:http";
import type { Duplex } from "node:stream";
import type { TransportFacts } from "./http";

/** Sockets made by a {@link TrackedHttpAgent}, with the first hop they connect to. */
const firstHops = new WeakMap<object, string>();
/** Sockets made by a {@link TrackedHttpAgent} whose TCP connection came up. */
const connectedSockets = new WeakSet<object>();

/**
 * An `http.Agent` that remembers, for every socket it makes, whether its TCP connection came
 * up and where to. It makes sockets through Node's own `createConnection`, like any agent.
 */
export class TrackedHttpAgent extends http.Agent {
    /** Node's `createConnection`, with the socket's first hop and its `connect` event recorded. */
    override createConnection(
        options: http.ClientRequestArgs,
        callback?: (err: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
        const socket = super.createConnection(options, callback);
        if (socket) {
            firstHops.set(socket, `http://${options.host ?? options.hostname}:${options.port}`);
            socket.once("connect", () => connectedSockets.add(socket));
        }
        return socket;
    }
}

/** The parts of Node's `ClientRequest` read here. */
interface SeenRequest {
    socket?: (Duplex & { encrypted?: boolean; authorized?: boolean }) | null;
    path?: string;
    agent?: { proxy?: { protocol?: string; host?: string; port?: number | string } };
}

/**
 * What the request axios made tells about its connection.
 *
 * @param request - `request` of axios's response or error (Node's `ClientRequest`), if any
 * @param secure - whether the URL is `https://`
 */
export function connectionFacts(request: unknown, secure: boolean): TransportFacts {
    if (typeof request !== "object" || request === null || !("socket" in request)) {
        return { connected: true };
    }
    const seen = request as SeenRequest;
    const proxy = proxyOf(seen, secure);
    const socket = seen.socket;
    if (!socket) {
        return { connected: false, proxy };
    }
    if (secure) {
        return { connected: socket.encrypted === true && socket.authorized === true, proxy };
    }
    return { connected: !firstHops.has(socket) || connectedSockets.has(socket), proxy };
}

/** The proxy a request went through, as `scheme://host:port`, never with its credentials. */
function proxyOf(request: SeenRequest, secure: boolean): string | undefined {
    if (secure) {
        // axios installs a tunnelling agent (https-proxy-agent) in place of ours.
        const proxy = request.agent?.proxy;
        return proxy?.host ? `${proxy.protocol ?? "http:"}//${proxy.host}:${proxy.port}` : undefined;
    }
    // A forwarding proxy gets the absolute URL in the request line.
    return request.path?.startsWith("http") && request.socket ? firstHops.get(request.socket) : undefined;
}
