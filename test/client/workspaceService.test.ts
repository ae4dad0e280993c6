import { expect } from "chai";
import { parseWorkspaceService } from "../../provider/client/workspaceService";

describe("parseWorkspaceService", () => {
    it("maps the documented snake_case fields, status upper-cased and ids trimmed", () => {
        const service = parseWorkspaceService({
            status: "subscription_failed",
            job_id: " j1 ",
            fail_reason: "quota exceeded",
            fail_code: 7,
            progress: "40%",
            closable: false,
            id: "s1",
            access_status: "ACTIVE",
            config_status: "DONE",
        });
        expect(service).to.deep.equal({
            status: "SUBSCRIPTION_FAILED",
            jobId: "j1",
            failReason: "quota exceeded",
            failCode: 7,
            progress: "40%",
            closable: false,
            id: "s1",
            accessStatus: "ACTIVE",
            configStatus: "DONE",
        });
    });

    it("reads a missing field as empty and a mistyped one as its text, as every answer's fields read", () => {
        const service = parseWorkspaceService({ status: true, job_id: 42, fail_code: "7", closable: "yes" });
        // A status read as empty would mean "state unknown: send with a warning"; "TRUE" is an unknown status, which sends nothing.
        expect(service).to.deep.equal({
            status: "TRUE",
            jobId: "42",
            failReason: "",
            progress: "",
            id: "",
            accessStatus: "",
            configStatus: "",
        });
    });
});
