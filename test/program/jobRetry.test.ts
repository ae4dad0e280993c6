/// <reference types="mocha" />
/**
 * What a `JobRetry` registers, under mocks: it never carries the wait itself; the wait is a
 * child `JobWait`, also when `waitForCompletion` is an Output.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";
import { captureDynamicResourceInputs, unwrapSecrets } from "../support/providerHost";

const JOB_ID = "6783cecb-0e5c-4521-a3ea-825f551c1ba9";

async function registered(waitForCompletion: pulumi.Input<boolean> | undefined): Promise<Array<Record<string, any>>> {
    const inputs = await captureDynamicResourceInputs(() => {
        new JobRetry("retry", { jobId: JOB_ID, waitForCompletion, waitTimeoutSeconds: 60 });
    });
    return inputs.map((each) => unwrapSecrets<Record<string, any>>(each));
}

const isWait = (inputs: Record<string, any>) => String(inputs.__provider).includes("jobWait");

describe("JobRetry's wait is always a step of its own (program side)", () => {
    for (const [label, value] of [
        ["an Output", pulumi.output(true)],
        ["a Promise", Promise.resolve(true)],
    ] as const) {
        it(`waitForCompletion given as ${label}: the JobRetry carries no wait; a child JobWait waits, enabled by that value`, async () => {
            const [retry, wait, ...rest] = await registered(value);
            expect(rest).to.deep.equal([]);
            expect(isWait(retry)).to.equal(false);
            expect(retry).to.not.have.any.keys("waitForCompletion", "waitTimeoutSeconds");
            expect(isWait(wait)).to.equal(true);
            expect(wait).to.include({ enabled: true, waitTimeoutSeconds: 60 });
        });
    }

    it("waitForCompletion: true: a child JobWait with the inputs 0.2 gave it (no enabled input, so no change on upgrade)", async () => {
        const [retry, wait] = await registered(true);
        expect(retry).to.not.have.any.keys("waitForCompletion", "waitTimeoutSeconds");
        expect(wait).to.not.have.property("enabled");
        expect(wait.waitTimeoutSeconds).to.equal(60);
    });

    it("waitForCompletion false or absent: no JobWait", async () => {
        for (const value of [false, undefined]) {
            const all = await registered(value);
            expect(all, String(value)).to.have.length(1);
            expect(all[0]).to.not.have.any.keys("waitForCompletion", "waitTimeoutSeconds");
        }
    });
});
