/// <reference types="mocha" />
// Progress lines of a wait, on a fake clock (no real waiting), then through the real host.
import { expect } from "chai";
import { JobDetails } from "../../provider/client/jobs";
import { formatElapsed, progressLine, WaitProgress } from "../../provider/host/progress";
import { waitForJob } from "../../provider/host/waiter";
import { captureDynamicResourceInputs, unwrapSecrets } from "../support/providerHost";
import { FAILED_JOB, Harness, jobWaitInputs, startHarness } from "../support/jobRetryHarness";
import { JobRetry } from "pulumi-huaweicloud-workspace-jobs";

const JOB_ID = "0e2d7c1a-5b4f-4e3a-9c8d-1f2e3d4c5b6a";

function job(status: string, subStatuses: string[]): JobDetails {
    return {
        id: JOB_ID,
        jobType: "applyWorkspace",
        status,
        failReason: "",
        jobErrorCode: "",
        subJobs: subStatuses.map((sub, index) => ({ id: `s${index}`, status: sub, failReason: "" })),
    };
}

describe("host/progress: live progress lines while a wait polls", () => {
    it("formats one line: name, short job id, status, sub jobs done, elapsed", () => {
        const line = progressLine(
            "retry-registration-wait",
            job("RUNNING", ["SUCCESS", "FAILED", "SUCCESS", "RUNNING", "WAITING"]),
            130_000,
        );
        expect(line).to.equal("retry-registration-wait: job 0e2d… RUNNING, 3/5 sub jobs done, 2m10s");
        expect([formatElapsed(0), formatElapsed(45_900), formatElapsed(600_000), formatElapsed(3_900_000)]).to.deep.equal([
            "0s",
            "45s",
            "10m00s",
            "1h05m",
        ]);
    });

    it("prints on every change, nothing while nothing changed for less than 30 s, then one line per 30 s at most", () => {
        const lines: string[] = [];
        const progress = new WaitProgress("w", 0, (line) => lines.push(line));
        const at = (seconds: number, status: string, subs: string[]) => progress.seen(job(status, subs), seconds * 1000);
        at(1, "INIT", ["WAITING", "WAITING"]); // first sight: printed
        at(3, "INIT", ["WAITING", "WAITING"]); // same, 2 s later: silent
        at(5, "RUNNING", ["RUNNING", "RUNNING"]); // status changed: printed
        at(20, "RUNNING", ["SUCCESS", "RUNNING"]); // a sub job finished: printed
        at(49, "RUNNING", ["SUCCESS", "RUNNING"]); // 29 s of the same: silent
        at(50, "RUNNING", ["SUCCESS", "RUNNING"]); // 30 s of the same: one line
        at(70, "RUNNING", ["SUCCESS", "RUNNING"]); // 20 s after that line: silent
        at(81, "SUCCESS", ["SUCCESS", "SUCCESS"]); // done: printed
        expect(lines).to.deep.equal([
            "w: job 0e2d… INIT, 0/2 sub jobs done, 1s",
            "w: job 0e2d… RUNNING, 0/2 sub jobs done, 5s",
            "w: job 0e2d… RUNNING, 1/2 sub jobs done, 20s",
            "w: job 0e2d… RUNNING, 1/2 sub jobs done, 50s",
            "w: job 0e2d… SUCCESS, 2/2 sub jobs done, 1m21s",
        ]);
    });

    it("through the waiter's seams: a 10-minute wait on a fake clock prints a handful of lines, none closer than 30 s unless something changed", async () => {
        let now = 0;
        const lines: Array<{ at: number; line: string }> = [];
        const progress = new WaitProgress("w", 0, (line) => lines.push({ at: now, line }));
        await waitForJob(
            async () => (now < 600_000 ? job("RUNNING", ["RUNNING"]) : job("SUCCESS", ["SUCCESS"])),
            { timeoutMs: 3_600_000 },
            {
                sleep: async (ms) => {
                    now += ms;
                },
                nowMs: () => now,
                random: () => 0,
            },
            progress,
        );
        const running = lines.filter(({ line }) => line.includes("RUNNING"));
        for (let i = 1; i < running.length; i += 1) expect(running[i].at - running[i - 1].at).to.be.at.least(30_000);
        expect(running.length).to.be.within(10, 21);
        expect(lines[lines.length - 1].line).to.match(/^w: job 0e2d… SUCCESS, 1\/1 sub jobs done, 1\d?m\d\ds$/);
    });
});

describe("host/progress: JobWait's progress lines through the real host", function () {
    this.timeout(60_000);
    let h: Harness;
    before(async () => {
        h = await startHarness({ emulator: { timing: { initMs: 300, runMs: 1500, subJobCount: 3 } } });
    });
    after(async () => h.stop());

    it("a JobWait's create prints its lines, prefixed with its name, on the host's stdout; no credential", async () => {
        const { id: newJobId } = await h.host.create(h.props({ jobId: FAILED_JOB }));
        const props = await jobWaitInputs({ jobId: newJobId }, "retry-registration-wait");
        expect(props.resourceName).to.equal("retry-registration-wait");
        await h.host.create(props);
        const lines = h.host
            .output()
            .split("\n")
            .filter((line) => line.startsWith("retry-registration-wait: "));
        const short = newJobId.slice(0, 4);
        expect(lines[0]).to.match(new RegExp(`^retry-registration-wait: job ${short}… (INIT|RUNNING), 0/3 sub jobs done, \\d+s$`));
        expect(lines[lines.length - 1]).to.match(new RegExp(`^retry-registration-wait: job ${short}… SUCCESS, 3/3 sub jobs done, \\d+s$`));
        expect(h.host.output()).not.to.include("emulator-token");
    });

    it("the name input never causes a diff: a JobWait recorded before it existed stays as it is", async () => {
        const news = await jobWaitInputs({ jobId: FAILED_JOB }, "old-wait");
        const { __provider, ...rest } = news;
        const oldOutputs = {
            ...rest,
            resourceName: undefined,
            status: "SUCCESS",
            failReason: "",
            errorCode: "",
            subJobs: {},
            __provider,
        };
        delete oldOutputs.resourceName;
        const diff = await h.host.diff(FAILED_JOB, oldOutputs, news);
        expect(diff.changes).to.equal("none");
        expect(diff.replaces).to.deep.equal([]);
    });

    it("JobRetry's child wait gets its own name, <name>-wait", async () => {
        const registered = await captureDynamicResourceInputs(() => {
            new JobRetry("retry-registration", { jobId: FAILED_JOB, waitForCompletion: true });
        });
        const names = registered.map((inputs) => unwrapSecrets<Record<string, unknown>>(inputs).resourceName).filter(Boolean);
        expect(names).to.deep.equal(["retry-registration-wait"]);
    });
});
