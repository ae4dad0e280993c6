/// <reference types="mocha" />
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { expect } from "chai";
import {
    captureDynamicResourceInputs,
    HostCallError,
    ProviderHost,
    secret,
    startProviderHost,
    UNKNOWN,
    unwrapSecrets,
} from "./providerHost";

const repoRoot = path.resolve(__dirname, "..", "..");

/**
 * A toy provider. It is serialized by value into `__provider`, so it must be
 * self-contained: no references to anything else in this module.
 */
interface ToyProvider extends pulumi.dynamic.ResourceProvider {
    namespace?: string;
    greeting?: string;
}

const toyProvider: ToyProvider = {
    async configure(req) {
        this.namespace = req.config.get("toy:namespace");
        // A key without namespace resolves against PULUMI_NODEJS_PROJECT.
        this.greeting = req.config.get("greeting");
    },
    async check(olds, news) {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (typeof news.x !== "string" || news.x === "bad") {
            failures.push({ property: "x", reason: 'x must be a string other than "bad"' });
        }
        if (news.y !== undefined && typeof news.y !== "number") {
            failures.push({ property: "y", reason: "y must be a number" });
        }
        return { inputs: { ...news, y: news.y ?? 1 }, failures };
    },
    async diff(id, olds, news) {
        const replaces = olds.x !== news.x ? ["x"] : [];
        return {
            changes: replaces.length > 0 || olds.y !== news.y,
            replaces,
            deleteBeforeReplace: replaces.length > 0,
        };
    },
    async create(inputs) {
        if (inputs.x === "partial") {
            // Resource created, but the step failed: the id must reach the engine.
            throw Object.assign(new Error("created but never became ready"), {
                id: "toy-partial",
                properties: { x: inputs.x, ready: false },
                reasons: ["timed out waiting for readiness"],
            });
        }
        if (inputs.x === "boom") {
            throw new Error("plain create failure");
        }
        if (inputs.x === "hang") {
            await new Promise(() => undefined);
        }
        if (inputs.x === "exit") {
            console.error("toy host exiting");
            process.exit(3);
        }
        return {
            id: `toy-${inputs.x}`,
            outs: { x: inputs.x, y: inputs.y, namespace: this.namespace ?? null, greeting: this.greeting ?? null },
        };
    },
    async read(id, props) {
        return { id, props: { ...props, refreshed: true }, inputs: { x: props.x, y: props.y } };
    },
    async update(id, olds, news) {
        return { outs: { x: news.x, y: news.y, previousY: olds.y, namespace: this.namespace ?? null } };
    },
    async delete(id, props) {
        if (props.x === "undeletable") {
            throw new Error(`cannot delete ${id}`);
        }
        console.log(`toy delete ${id}`);
    },
};

interface ToyArgs {
    x: pulumi.Input<string>;
    y?: pulumi.Input<number>;
}

class ToyResource extends pulumi.dynamic.Resource {
    public readonly x!: pulumi.Output<string>;
    public readonly namespace!: pulumi.Output<string | null>;

    constructor(name: string, args: ToyArgs, opts?: pulumi.CustomResourceOptions) {
        super(toyProvider, name, { ...args, namespace: undefined }, opts);
    }
}

class OtherResource extends pulumi.CustomResource {
    constructor(name: string) {
        super("test:index:Other", name, { z: 1 });
    }
}

describe("providerHost test support", () => {
    describe("helpers", () => {
        it("UNKNOWN and secret() are what the installed SDK reads as an unknown and a secret", () => {
            expect(UNKNOWN).to.equal(rpc.unknownValue);
            expect(rpc.isRpcSecret(secret("s3cret"))).to.equal(true);
            expect(rpc.unwrapRpcSecret(secret("s3cret"))).to.equal("s3cret");
            expect(Object.keys(secret("s3cret")).sort()).to.deep.equal([rpc.specialSigKey, "value"].sort());
            expect(unwrapSecrets({ a: secret({ b: [secret(1)] }), c: "d" })).to.deep.equal({ a: { b: [1] }, c: "d" });
        });
    });

    describe("captureDynamicResourceInputs", () => {
        it("returns each dynamic resource's registered inputs, __provider included, in order", async () => {
            const inputs = await captureDynamicResourceInputs(() => {
                new ToyResource("a", { x: "one" });
                new ToyResource("b", { x: pulumi.output("two"), y: 2 });
            });
            expect(inputs).to.have.length(2);
            expect(inputs.map((i) => i.x)).to.deep.equal(["one", "two"]);
            expect(inputs[1].y).to.equal(2);
            expect(inputs[0].__provider).to.be.a("string").and.include("exports.handler");
            expect(inputs[0].__provider).to.equal(inputs[1].__provider);
            // Seeded `undefined` outputs are not inputs.
            expect(inputs[0]).to.not.have.property("namespace");
        });

        it("keeps construction order when providers take different times to serialize", async () => {
            // A provider whose closure takes longer to serialize than the toy's: without the
            // construction-order bookkeeping its registration reaches the mocks second.
            const many: Record<string, () => number> = {};
            for (let i = 0; i < 20; i++) {
                many[`f${i}`] = new Function(`return ${i};`) as () => number;
            }
            const slowProvider: pulumi.dynamic.ResourceProvider = {
                async create() {
                    return { id: String(Object.keys(many).length) };
                },
            };
            class SlowResource extends pulumi.dynamic.Resource {
                constructor(name: string) {
                    super(slowProvider, name, { x: "slow" });
                }
            }
            const inputs = await captureDynamicResourceInputs(() => {
                new SlowResource("slow");
                new ToyResource("fast", { x: "fast" });
            });
            expect(inputs.map((i) => i.x)).to.deep.equal(["slow", "fast"]);
            expect(inputs[0].__provider.length).to.be.greaterThan(inputs[1].__provider.length);
        });

        it("can be called again in the same run, with other project/stack", async () => {
            const first = await captureDynamicResourceInputs(() => {
                new ToyResource("again", { x: "three" });
            });
            const second = await captureDynamicResourceInputs(
                () => {
                    new ToyResource("again", { x: "four" });
                    // Non-dynamic resources are not captured.
                    new OtherResource("other");
                },
                { project: "p2", stack: "s2" },
            );
            expect(first.map((i) => i.x)).to.deep.equal(["three"]);
            expect(second.map((i) => i.x)).to.deep.equal(["four"]);
        });

        it("keeps secret inputs wrapped", async () => {
            const [inputs] = await captureDynamicResourceInputs(() => {
                new ToyResource("s", { x: pulumi.secret("hidden") });
            });
            expect(inputs.x).to.deep.equal(secret("hidden"));
            expect(unwrapSecrets<Record<string, unknown>>(inputs).x).to.equal("hidden");
        });

        it("rejects when the provider cannot be serialized, and still works afterwards", async () => {
            // Objects with native internals (here an Intl formatter) cannot be serialized.
            const formatter = new Intl.NumberFormat("en-US");
            const badProvider: pulumi.dynamic.ResourceProvider = {
                async create() {
                    return { id: formatter.format(1) };
                },
            };
            class BadResource extends pulumi.dynamic.Resource {
                constructor(name: string) {
                    super(badProvider, name, {});
                }
            }
            let caught: unknown;
            try {
                await captureDynamicResourceInputs(() => {
                    new BadResource("bad");
                });
            } catch (e) {
                caught = e;
            }
            expect(caught).to.be.instanceOf(Error);
            expect(String(caught)).to.include('error serializing property "__provider"');
            expect(String(caught)).to.include("formatter");

            const ok = await captureDynamicResourceInputs(() => {
                new ToyResource("after", { x: "five" });
            });
            expect(ok.map((i) => i.x)).to.deep.equal(["five"]);
        });
    });

    describe("startProviderHost", () => {
        let host: ProviderHost;
        let provider: string;

        before(async () => {
            const [inputs] = await captureDynamicResourceInputs(() => {
                new ToyResource("toy", { x: "abc" });
            });
            provider = inputs.__provider;
            host = await startProviderHost({ cwd: repoRoot });
            const configured = await host.configure({
                "toy:namespace": secret("ns-from-config"),
                "test:greeting": "hello",
            });
            expect(configured.acceptSecrets).to.equal(false);
        });

        after(async () => {
            await host?.stop();
        });

        it("check returns the provider's inputs, __provider re-added", async () => {
            const res = await host.check({}, { __provider: provider, x: "abc" });
            expect(res.failures).to.deep.equal([]);
            expect(res.inputs).to.deep.equal({ __provider: provider, x: "abc", y: 1 });
        });

        it("check returns the failure list", async () => {
            const res = await host.check({}, { __provider: provider, x: "bad", y: "not a number" });
            expect(res.failures).to.deep.equal([
                { property: "x", reason: 'x must be a string other than "bad"' },
                { property: "y", reason: "y must be a number" },
            ]);
        });

        it("check during preview sees the unknown sentinel as a string", async () => {
            const res = await host.check({}, { __provider: provider, x: UNKNOWN });
            expect(res.failures).to.deep.equal([]);
            expect(res.inputs.x).to.equal(UNKNOWN);
        });

        it("create echoes the configured values (secret config arrives as plaintext)", async () => {
            const res = await host.create({ __provider: provider, x: "abc", y: 1 });
            expect(res.id).to.equal("toy-abc");
            expect(res.properties).to.deep.equal({
                __provider: provider,
                x: "abc",
                y: 1,
                namespace: "ns-from-config",
                greeting: "hello",
            });
        });

        it("diff reports none / some / replace", async () => {
            const olds = { __provider: provider, x: "abc", y: 1, namespace: "ns-from-config" };
            expect(await host.diff("toy-abc", olds, { __provider: provider, x: "abc", y: 1 })).to.deep.equal({
                changes: "none",
                replaces: [],
                deleteBeforeReplace: false,
            });
            expect(await host.diff("toy-abc", olds, { __provider: provider, x: "abc", y: 2 })).to.deep.equal({
                changes: "some",
                replaces: [],
                deleteBeforeReplace: false,
            });
            expect(await host.diff("toy-abc", olds, { __provider: provider, x: "xyz", y: 1 })).to.deep.equal({
                changes: "some",
                replaces: ["x"],
                deleteBeforeReplace: true,
            });
            expect((await host.diff("toy-abc", olds, { __provider: provider, x: UNKNOWN, y: 1 })).replaces).to.deep.equal(["x"]);
        });

        it("read returns id, properties and inputs", async () => {
            const res = await host.read("toy-abc", { __provider: provider, x: "abc", y: 1 });
            expect(res).to.deep.equal({
                id: "toy-abc",
                properties: { __provider: provider, x: "abc", y: 1, refreshed: true },
                inputs: { __provider: provider, x: "abc", y: 1 },
            });
        });

        it("update returns the new outputs", async () => {
            const res = await host.update("toy-abc", { __provider: provider, x: "abc", y: 1 }, { __provider: provider, x: "abc", y: 5 });
            expect(res.properties).to.deep.equal({
                __provider: provider,
                x: "abc",
                y: 5,
                previousY: 1,
                namespace: "ns-from-config",
            });
        });

        it("delete succeeds, and the provider's console output is captured", async () => {
            await host.delete("toy-abc", { __provider: provider, x: "abc", y: 1 });
            expect(host.output()).to.include("toy delete toy-abc");
        });

        it("a create error carrying an id arrives as ErrorResourceInitFailed (partial failure)", async () => {
            let caught: unknown;
            try {
                await host.create({ __provider: provider, x: "partial", y: 1 });
            } catch (e) {
                caught = e;
            }
            expect(caught).to.be.instanceOf(HostCallError);
            const err = caught as HostCallError;
            expect(err.method).to.equal("Create");
            expect(err.code).to.equal(grpc.status.UNKNOWN);
            expect(err.details).to.equal("created but never became ready");
            expect(err.initFailure).to.deep.equal({
                id: "toy-partial",
                properties: { x: "partial", ready: false },
                reasons: ["timed out waiting for readiness"],
            });
        });

        it("a plain create error has no initFailure", async () => {
            const err = await host.create({ __provider: provider, x: "boom" }).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(err).to.be.instanceOf(HostCallError);
            expect((err as HostCallError).details).to.equal("plain create failure");
            expect((err as HostCallError).code).to.equal(grpc.status.UNKNOWN);
            expect((err as HostCallError).initFailure).to.equal(undefined);
        });

        it("a delete error rejects with HostCallError", async () => {
            const err = await host.delete("toy-u", { __provider: provider, x: "undeletable" }).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(err).to.be.instanceOf(HostCallError);
            expect((err as HostCallError).method).to.equal("Delete");
            expect((err as HostCallError).details).to.equal("cannot delete toy-u");
        });
    });

    describe("per-process behaviour", () => {
        it("uses the project for keys without namespace, and stop() is idempotent", async () => {
            const [inputs] = await captureDynamicResourceInputs(() => {
                new ToyResource("p", { x: "p" });
            });
            const host = await startProviderHost({ cwd: repoRoot, project: "other" });
            try {
                await host.configure({ "other:greeting": "hi from other", "test:greeting": "wrong project" });
                // As the engine does: create gets the checked inputs (here `y` gets its default;
                // an `undefined` in `outs` would fail with "Unexpected struct type").
                const checked = await host.check({}, inputs);
                const res = await host.create(checked.inputs);
                expect(res.properties.greeting).to.equal("hi from other");
                expect(res.properties.namespace).to.equal(null);
            } finally {
                await host.stop();
                await host.stop();
            }
            const err = await host.check({}, inputs).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(String(err)).to.include("already stopped");
        });

        it("a hung call fails at the deadline instead of hanging", async () => {
            const [inputs] = await captureDynamicResourceInputs(() => {
                new ToyResource("h", { x: "hang" });
            });
            const host = await startProviderHost({ cwd: repoRoot, callTimeoutMs: 1000 });
            try {
                await host.configure({});
                const err = await host.create({ ...inputs, y: 1 }).then(
                    () => undefined,
                    (e: unknown) => e,
                );
                expect(err).to.be.instanceOf(HostCallError);
                expect((err as HostCallError).code).to.equal(grpc.status.DEADLINE_EXCEEDED);
                // The host still serves other calls.
                expect((await host.check({}, { ...inputs, x: "ok" })).failures).to.deep.equal([]);
            } finally {
                await host.stop();
            }
        });

        it("a host that dies mid-call fails the call, with the host output in the message", async () => {
            const [inputs] = await captureDynamicResourceInputs(() => {
                new ToyResource("e", { x: "exit" });
            });
            const host = await startProviderHost({ cwd: repoRoot });
            try {
                await host.configure({});
                const err = await host.create({ ...inputs, y: 1 }).then(
                    () => undefined,
                    (e: unknown) => e,
                );
                expect(err).to.be.instanceOf(HostCallError);
                expect((err as HostCallError).code).to.equal(grpc.status.UNAVAILABLE);
                expect((err as HostCallError).message).to.include("toy host exiting");
                expect((err as HostCallError).message).to.include("exited (code 3");
            } finally {
                await host.stop();
            }
        });
    });
});
