/// <reference types="mocha" />
/**
 * JobRetry and JobWait register without the SDK's bookkeeping stack traces (under the SDK's
 * mocks): the traces a declaration formats are counted through `Error.prepareStackTrace`,
 * which V8 calls once per trace read. The limit is left as it was, an error thrown during the
 * registration keeps the program's frames, and with `PULUMI_DEBUG_PROMISE_LEAKS` every trace
 * is kept. (That the source position still reaches the engine is checked through the CLI in
 * test/e2e/engine.test.ts.)
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { JobRetry, JobWait } from "pulumi-huaweicloud-workspace-jobs";
import { takesOwnSourcePosition } from "../../provider/program/quietStackTraces";
import { captureDynamicResourceInputs } from "../support/providerHost";

const JOB_ID = "6783cecb-0e5c-4521-a3ea-825f551c1ba9";

/** Traces with at least one frame that `declare` had formatted. */
function tracesFormattedBy(declare: () => void): number {
    const original = Error.prepareStackTrace;
    let traces = 0;
    Error.prepareStackTrace = (error, frames) => {
        if (frames.length > 0) traces++;
        return original ? original(error, frames) : `${error}\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
    };
    try {
        declare();
    } finally {
        Error.prepareStackTrace = original;
    }
    return traces;
}

/** The same declaration with `PULUMI_DEBUG_PROMISE_LEAKS` set, as a user debugging leaks runs it. */
function withLeakDebugging<T>(run: () => T): T {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    try {
        return run();
    } finally {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
}

describe("provider/quietStackTraces: resources register without the SDK's bookkeeping traces", () => {
    const limit = Error.stackTraceLimit;
    afterEach(() => {
        Error.stackTraceLimit = limit;
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    });

    it("formats at most the source position's trace for a JobRetry, against one per promise when leaks are debugged", async () => {
        let quiet = -1;
        let loud = -1;
        await captureDynamicResourceInputs(() => {
            quiet = tracesFormattedBy(() => new JobRetry("quiet", { jobId: JOB_ID }));
            loud = withLeakDebugging(() => tracesFormattedBy(() => new JobRetry("loud", { jobId: JOB_ID })));
        });
        // The SDK's source position (`Resource.callsites`) is one trace; four promises per
        // declared key (17 keys) are the rest.
        expect(quiet).to.be.within(0, 2);
        expect(loud).to.be.at.least(4 * 17);
        expect(Error.stackTraceLimit).to.equal(limit);
    });

    it("does the same for JobWait, and for the JobWait child of a JobRetry that waits", async () => {
        let quiet = -1;
        let loud = -1;
        await captureDynamicResourceInputs(() => {
            quiet = tracesFormattedBy(() => {
                new JobWait("wait", { jobId: JOB_ID });
                new JobRetry("waits", { jobId: JOB_ID, waitForCompletion: true });
            });
            loud = withLeakDebugging(() => tracesFormattedBy(() => new JobWait("loud-wait", { jobId: JOB_ID })));
        });
        expect(quiet).to.be.within(0, 3 * 2);
        expect(loud).to.be.at.least(4 * 6);
    });

    it("restores the limit when the registration throws, and the error keeps the program's frames", async () => {
        Error.stackTraceLimit = 25;
        let thrown: unknown;
        await captureDynamicResourceInputs(() => {
            try {
                // An empty name is refused synchronously, inside the SDK's Resource constructor.
                new JobRetry("", { jobId: JOB_ID });
            } catch (error) {
                thrown = error;
            }
        });
        expect(Error.stackTraceLimit).to.equal(25);
        expect(thrown).to.be.instanceOf(Error);
        const stack = String((thrown as Error).stack);
        expect(stack).to.match(/Missing resource name/);
        expect(stack, "the frames from the caller of new JobRetry up").to.include("quietStackTraces.test.ts");
    });

    it("is on with this SDK, and off for an SDK that takes the source position under the caller's limit", () => {
        expect(takesOwnSourcePosition(pulumi.Resource)).to.equal(true);
        // @pulumi/pulumi before Resource.callsites (e.g. 3.139.0): Error.captureStackTrace under the caller's limit.
        class OlderResource {
            static sourcePosition(): undefined {
                return undefined;
            }
        }
        expect(takesOwnSourcePosition(OlderResource)).to.equal(false);
    });
});
