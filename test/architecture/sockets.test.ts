/// <reference types="mocha" />
// Nothing in provider/ opens sockets or writes HTTP by hand: every request goes through axios
// (provider/client/axiosTransport.ts), which honours the proxy and CA settings users have.
// Agents may be configured and observed, not replaced by hand-made connections.
import { expect } from "chai";
import { codeOf, readSources } from "../support/sources";

/** What opening a socket or an HTTP exchange by hand looks like in a source text. */
const BY_HAND: Array<[string, RegExp]> = [
    [
        "imports a socket module",
        /\bfrom\s+["'](node:)?(net|tls|dgram|http2)["']|\brequire\s*\(\s*["'](node:)?(net|tls|dgram|http2)["']\s*\)/,
    ],
    ["calls http(s).request / get", /\bhttps?\s*\)?\s*\.\s*(request|get)\s*\(/],
    ["imports request or get from http(s)", /\bimport\s*\{[^}]*\b(request|get)\b[^}]*\}\s*from\s*["'](node:)?https?["']/],
    [
        "creates a connection other than through an agent's own createConnection",
        /(?<!super\.|override )\bcreateConnection\s*\(|\bconnect\s*\(\s*\{?\s*(port|host)/,
    ],
    ["constructs a socket", /\bnew\s+(net\.|tls\.)?(Socket|TLSSocket)\s*\(/],
];

/** The rules a source text breaks. */
function openedByHand(text: string): string[] {
    const code = codeOf(text);
    return BY_HAND.filter(([, pattern]) => pattern.test(code)).map(([rule]) => rule);
}

describe("architecture: nothing in provider/ opens sockets by hand", () => {
    const sources = readSources(["provider"]);

    it("reads provider/, axios's transport included", () => {
        expect(sources.size).to.be.above(40);
        expect(sources.get("provider/client/axiosTransport.ts")).to.include('import("axios")');
    });

    it("has no socket module, no http(s).request, no hand-made connection or socket in any provider file", () => {
        const found = [...sources].flatMap(([file, text]) => openedByHand(text).map((rule) => `${file}: ${rule}`));
        expect(found).to.deep.equal([]);
    });

    it("catches each planted way of doing it (the check can fail)", () => {
        const planted = [
            'import * as net from "node:net";',
            'const tls = require("tls");',
            "const req = https.request(url, options);",
            "http.get(url, (res) => undefined);",
            'import { request } from "node:http";',
            "const socket = net.createConnection({ port: 443 });",
            "const s = new TLSSocket(raw);",
            "const req = (secure ? https : http).request(url, options, onResponse);",
        ];
        expect(planted.map((text) => openedByHand(text).length > 0)).to.deep.equal(planted.map(() => true));
        expect(openedByHand("const socket = super.createConnection(options, callback);")).to.deep.equal([]);
    });
});
