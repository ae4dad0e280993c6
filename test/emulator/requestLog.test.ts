/// <reference types="mocha" />
import { expect } from "chai";
import { loggableHeaders } from "../../emulator/requestLog";

describe("emulator/requestLog", () => {
    it("replaces credential headers by a presence marker", () => {
        expect(
            loggableHeaders({
                authorization: "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc",
                "x-auth-token": "secret-token-value",
                "x-security-token": "secret-security-token",
                "content-type": "application/json",
            }),
        ).to.deep.equal({
            authorization: "(present)",
            "x-auth-token": "(present)",
            "x-security-token": "(present)",
            "content-type": "application/json",
        });
    });

    it("keeps other headers, joins repeated ones and drops undefined ones", () => {
        expect(loggableHeaders({ "x-project-id": "p1", "x-multi": ["a", "b"], "x-absent": undefined })).to.deep.equal({
            "x-project-id": "p1",
            "x-multi": "a, b",
        });
    });

    it("masks a repeated credential header too", () => {
        const logged = loggableHeaders({ "x-auth-token": ["one-secret", "two-secret"] });
        expect(logged).to.deep.equal({ "x-auth-token": "(present)" });
        expect(JSON.stringify(logged)).not.to.include("secret");
    });
});
