// Prints the __provider text a JobRetry serializes, from a fresh process (no module cache),
// so tests can compare it across rebuilds of the package.
const pulumi = require("@pulumi/pulumi");

pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            if (args.inputs.__provider) process.stdout.write(args.inputs.__provider);
            return { id: "id", state: args.inputs };
        },
        call: (args) => args.inputs,
    },
    "print",
    "print",
    false,
);
const { JobRetry } = require("pulumi-huaweicloud-workspace-jobs");
new JobRetry("retry", { jobId: "6783cecb-0e5c-4521-a3ea-825f551c1ba9" });
