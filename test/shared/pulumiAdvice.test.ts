/// <reference types="mocha" />
import { expect } from "chai";
import { pulumiHint, withPulumiHint } from "../../provider/shared/pulumiAdvice";

describe("provider/shared/pulumiAdvice", () => {
    const apiError = (status: number, code: string) =>
        Object.assign(new Error(`HTTP ${status} ${code}`), { name: "WorkspaceApiError", status, code });

    it("adds the Pulumi settings to a throttled call and an expired token, once", () => {
        expect(pulumiHint(apiError(429, "APIG.0308")))
            .to.include("pulumi up --parallel N")
            .and.include("huaweicloud:maxRetries");
        const expired = withPulumiHint(withPulumiHint(apiError(401, "APIG.0307"))) as Error;
        expect(expired.message.match(/pulumi_hint=/g)).to.have.length(1);
        expect(expired.message).to.include("huaweicloud:token");
    });

    it("adds nothing to other errors", () => {
        expect(pulumiHint(apiError(403, "APIG.0302"))).to.equal(undefined);
        expect(pulumiHint("text")).to.equal(undefined);
        expect((withPulumiHint(new Error("plain")) as Error).message).to.equal("plain");
    });
});
