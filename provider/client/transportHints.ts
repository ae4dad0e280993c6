/**
 * What a failed connection means to a user behind a firewall or a proxy: a short summary for
 * the error's first line and one hint. It names the environment variables that fix it
 * (`HTTPS_PROXY`, `NO_PROXY`, `NODE_EXTRA_CA_CERTS`), never a credential.
 *
 * @packageDocumentation
 */
import { PROXY_REFUSED, TransportError } from "./http";
import { isCertificateError } from "./retry/classify";

/** How to describe one transport failure. */
export interface TransportFailureText {
    /** Replaces `network error X` / `no answer within N ms` on the first line. */
    summary: string;
    /** What to do about it, when known. */
    hint?: string;
}

/**
 * The summary and hint of a transport failure.
 *
 * @param error - what the transport reported
 * @param secure - whether the endpoint is `https://` (which proxy variable applies)
 * @param timeoutMs - the deadline that applied, in milliseconds
 */
export function describeTransportFailure(error: TransportError, secure: boolean, timeoutMs: number): TransportFailureText {
    const proxyVariable = secure ? "HTTPS_PROXY" : "HTTP_PROXY";
    if (error.kind === "timeout") {
        if (error.connected) return { summary: `no answer within ${timeoutMs} ms` };
        return {
            summary: `never connected within ${timeoutMs} ms`,
            hint: error.proxy
                ? `the proxy ${error.proxy} did not open a connection to the endpoint in time: check ${proxyVariable} and that the proxy lets this host through`
                : `no connection to the endpoint came up: a firewall may block it; behind a proxy, set ${proxyVariable} (and NO_PROXY for hosts reached directly)`,
        };
    }
    if (isCertificateError(error.errno)) {
        return { summary: `untrusted certificate (${error.errno})`, hint: certificateHint(error.errno) };
    }
    if (error.errno === PROXY_REFUSED) {
        return {
            summary: `the proxy refused the connection: HTTP ${error.proxyStatus}`,
            hint: proxyRefusalHint(error.proxyStatus ?? 0, proxyVariable),
        };
    }
    const summary = `network error ${error.errno}`;
    if (error.errno === "ENOTFOUND" || error.errno === "EAI_AGAIN") {
        return {
            summary: `${summary} (host name not found)`,
            hint: error.proxy
                ? `the proxy's host name does not resolve: check ${proxyVariable}`
                : `the endpoint's host name does not resolve here: check the region / endpoint; behind a proxy, set ${proxyVariable}`,
        };
    }
    if (error.errno === "ECONNREFUSED") {
        return {
            summary,
            hint: error.proxy
                ? `nothing listens at the proxy's address: check ${proxyVariable}`
                : `nothing listens at the endpoint: check the region / endpoint; behind a proxy, set ${proxyVariable}`,
        };
    }
    return { summary };
}

function certificateHint(errno: string): string {
    const trust =
        "if a private CA or a TLS-inspecting proxy signs it, put that CA's certificate (PEM) in a file and set NODE_EXTRA_CA_CERTS to its path (read when Node starts). Not retried: sending again cannot help";
    if (errno === "ERR_TLS_CERT_ALTNAME_INVALID" || errno === "ERR_TLS_CERT_ALTNAME_FORMAT" || errno === "HOSTNAME_MISMATCH") {
        return `the certificate does not name the endpoint's host: check the region / endpoint; ${trust}`;
    }
    if (errno === "CERT_HAS_EXPIRED" || errno === "CERT_NOT_YET_VALID") {
        return `the certificate is outside its validity period: check this machine's clock; ${trust}`;
    }
    return `the server's certificate is not signed by a CA this machine trusts; ${trust}`;
}

function proxyRefusalHint(status: number, proxyVariable: string): string {
    if (status === 407) {
        return `the proxy asks for credentials: give them in the proxy URL (http://user:password@host:port in ${proxyVariable})`;
    }
    if (status >= 500) {
        return "the proxy could not reach the endpoint: check the region / endpoint, or ask for the proxy to let this host through";
    }
    return `the proxy does not let this request through: ask for the endpoint's host to be allowed, or list it in NO_PROXY if it is reached directly`;
}
