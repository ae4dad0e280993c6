/// <reference types="mocha" />
import { expect } from "chai";
import { JobDetails } from "../../provider/client/jobs";
import { PollSchedule, waitForJob } from "../../provider/host/waiter";
import type { ProcessSeams } from "../../provider/shared/processSeams";

/** A clock that only moves when the waiter sleeps; records every delay asked for. */
class FakeClock {
    now = 0;
    readonly delays: number[] = [];
    readonly sleep = async (ms: number): Promise<void> => {
        this.delays.push(ms);
        this.now += ms;
    };
    readonly nowMs = (): number => this.now;
}

function details(status: string, subStatuses: string[] = []): JobDetails {
    return {
        id: "new-job",
        jobType: "applyWorkspace",
        status,
        failReason: status === "FAILED" ? "quota" : "",
        jobErrorCode: "",
        subJobs: subStatuses.map((subStatus, index) => ({ id: `s${index}`, status: subStatus, failReason: "" })),
    };
}

/** A job that is RUNNING until `finishAtMs` on the fake clock, then `finalStatus`. */
function jobFinishingAt(
    clock: FakeClock,
    finishAtMs: number,
    finalStatus = "SUCCESS",
    finalSubs: string[] = ["SUCCESS"],
): { read: () => Promise<JobDetails>; reads: number[] } {
    const reads: number[] = [];
    return {
        reads,
        read: async () => {
            reads.push(clock.now);
            return clock.now >= finishAtMs ? details(finalStatus, finalSubs) : details("RUNNING", ["RUNNING"]);
        },
    };
}

function options(
    clock: FakeClock,
    timeoutMs: number,
    random = 0,
    extra: Partial<PollSchedule> = {},
): [PollSchedule, Pick<ProcessSeams, "sleep" | "nowMs" | "random">] {
    return [
        { timeoutMs, ...extra },
        { sleep: clock.sleep, nowMs: clock.nowMs, random: () => random },
    ];
}

describe("provider/waiter", () => {
    it("starts at 1 s and grows by half each poll up to the 30 s cap, where it stays", async () => {
        const clock = new FakeClock();
        const job = jobFinishingAt(clock, 400_000);
        await waitForJob(job.read, ...options(clock, 3_600_000, 0));
        expect(clock.delays.slice(0, 10)).to.deep.equal([
            1000, 1500, 2250, 3375, 5062.5, 7593.75, 11390.625, 17085.9375, 25628.90625, 30000,
        ]);
        for (let i = 1; i < clock.delays.length; i += 1) {
            expect(clock.delays[i]).to.be.at.least(clock.delays[i - 1]);
        }
        expect(Math.max(...clock.delays)).to.equal(30_000);
        expect(clock.delays.slice(9).every((delay) => delay === 30_000)).to.equal(true);
    });

    it("jitter shortens each delay by at most 10%", async () => {
        const clock = new FakeClock();
        const job = jobFinishingAt(clock, 100_000);
        await waitForJob(job.read, ...options(clock, 3_600_000, 0.999));
        const undisturbed = [1000, 1500, 2250, 3375, 5062.5];
        clock.delays.slice(0, 5).forEach((delay, index) => {
            expect(delay).to.be.closeTo(undisturbed[index] * (1 - 0.0999), 1e-9);
            expect(delay).to.be.at.least(undisturbed[index] * 0.9);
        });
        expect(Math.max(...clock.delays)).to.be.at.most(30_000);
    });

    it("honours custom initial and maximum delays", async () => {
        const clock = new FakeClock();
        await waitForJob(jobFinishingAt(clock, 1_000).read, ...options(clock, 60_000, 0, { initialDelayMs: 100, maxDelayMs: 200 }));
        expect(clock.delays.slice(0, 4)).to.deep.equal([100, 150, 200, 200]);
    });

    it("notices a short job at the first poll, after 1 s", async () => {
        const clock = new FakeClock();
        const job = jobFinishingAt(clock, 500);
        const result = await waitForJob(job.read, ...options(clock, 1_800_000));
        expect(result).to.deep.include({ phase: "succeeded", polls: 1 });
        expect(job.reads).to.deep.equal([1000]);
    });

    for (const random of [0, 0.999]) {
        it(`a 600 s job costs at most 30 polls and is noticed within one 30 s delay (random ${random})`, async () => {
            const clock = new FakeClock();
            const job = jobFinishingAt(clock, 600_000);
            const result = await waitForJob(job.read, ...options(clock, 1_800_000, random));
            expect(result.phase).to.equal("succeeded");
            expect(result.polls).to.equal(job.reads.length);
            expect(result.polls).to.be.at.most(30);
            expect(clock.now).to.be.at.least(600_000);
            expect(clock.now - 600_000).to.be.below(30_000);
        });
    }

    it("returns failed for a FAILED job, with the job as read", async () => {
        const clock = new FakeClock();
        const result = await waitForJob(jobFinishingAt(clock, 5_000, "FAILED", ["FAILED"]).read, ...options(clock, 60_000));
        expect(result.phase).to.equal("failed");
        expect(result.job.status).to.equal("FAILED");
        expect(result.job.failReason).to.equal("quota");
    });

    it("returns failed for a SUCCESS job with a failed sub job", async () => {
        const clock = new FakeClock();
        const result = await waitForJob(jobFinishingAt(clock, 5_000, "SUCCESS", ["SUCCESS", "FAILED"]).read, ...options(clock, 60_000));
        expect(result.phase).to.equal("failed");
    });

    it("keeps polling an unknown status and returns it raw", async () => {
        const clock = new FakeClock();
        const result = await waitForJob(jobFinishingAt(clock, 4_000, "MYSTERY", []).read, ...options(clock, 20_000));
        expect(result.phase).to.equal("pending");
        expect(result.job.status).to.equal("MYSTERY");
        expect(clock.now).to.equal(20_000);
    });

    it("times out with phase pending, the last sleep clipped to the deadline, and one final poll", async () => {
        const clock = new FakeClock();
        const job = jobFinishingAt(clock, Number.POSITIVE_INFINITY);
        const result = await waitForJob(job.read, ...options(clock, 10_000));
        expect(result.phase).to.equal("pending");
        expect(result.job.status).to.equal("RUNNING");
        expect(clock.delays).to.deep.equal([1000, 1500, 2250, 3375, 1875]);
        expect(result.polls).to.equal(5);
        expect(job.reads).to.deep.equal([1000, 2500, 4750, 8125, 10_000]);
        expect(clock.now).to.equal(10_000);
    });

    it("a long timeout on a never-ending job stays at a few dozen polls per half hour", async () => {
        const clock = new FakeClock();
        const result = await waitForJob(jobFinishingAt(clock, Number.POSITIVE_INFINITY).read, ...options(clock, 1_800_000));
        expect(result.phase).to.equal("pending");
        expect(result.polls).to.be.at.most(70);
        expect(clock.now).to.equal(1_800_000);
    });

    it("propagates an error from reading the job", async () => {
        const clock = new FakeClock();
        let calls = 0;
        const failing = async (): Promise<JobDetails> => {
            calls += 1;
            if (calls === 2) throw new Error("GET failed");
            return details("RUNNING");
        };
        let caught: unknown;
        try {
            await waitForJob(failing, ...options(clock, 60_000));
        } catch (error) {
            caught = error;
        }
        expect((caught as Error).message).to.equal("GET failed");
        expect(calls).to.equal(2);
    });
});
