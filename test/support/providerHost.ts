/**
 * Test support: drive the real Pulumi Node.js dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, the way the Pulumi engine
 * does, so tests exercise the real deserialization of `__provider`, the real
 * `configure` path and the real request/response encoding.
 *
 * Typical use:
 *
 * ```ts
 * const [inputs] = await captureDynamicResourceInputs(() => { new MyResource("r", { ... }); });
 * const host = await startProviderHost({ cwd: repoRoot });
 * await host.configure({ "test:region": "eu-west-0" });
 * const { inputs: checked } = await host.check({}, inputs);
 * const { id, properties } = await host.create(checked);
 * await host.stop();
 * ```
 *
 * @packageDocumentation
 */

import { spawn, ChildProcess } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/**
 * The value the engine sends in place of a property that is not known yet
 * (during preview). It reaches `check` and `diff` as this string, whatever the
 * property's declared type.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Key of the "special signature" field that marks wrapped RPC values. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature value that marks an RPC secret. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The RPC (wire) shape of a secret value, as the engine sends it. */
export interface RpcSecret<T = unknown> {
    /** Always `"1b47061264138c4ac30d75fd1eb44270"` (the secret signature). */
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270";
    /** The plaintext value. */
    value: T;
}

/**
 * Wraps `value` in the RPC secret shape the engine uses on the wire
 * (`{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value}`).
 *
 * For {@link ProviderHost.configure} this is exactly what a secret stack config
 * value looks like in `ConfigureRequest.args`; the host unwraps top-level
 * secrets, so the provider's `configure` sees plaintext. Note that the host
 * answers `Configure` with `acceptSecrets: false`, so the real engine strips
 * secrets before it sends properties to `check`/`diff`/`create`/...; wrapping
 * a property with this helper simulates something the engine would not send
 * (the host does not unwrap secrets in properties).
 */
export function secret<T>(value: T): RpcSecret<T> {
    return { [SIG_KEY]: SECRET_SIG, value } as RpcSecret<T>;
}

/** True when `v` has the RPC secret shape produced by {@link secret}. */
function isRpcSecret(v: unknown): v is RpcSecret {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * Deeply replaces every RPC secret wrapper in `value` by its plaintext value,
 * which is what the engine does to properties before sending them to a
 * provider that does not accept secrets (the dynamic-provider host answers
 * `acceptSecrets: false`). Useful on inputs returned by
 * {@link captureDynamicResourceInputs}, where secrets are still wrapped.
 */
export function unwrapSecrets<T = unknown>(value: unknown): T {
    if (isRpcSecret(value)) {
        return unwrapSecrets<T>(value.value);
    }
    if (Array.isArray(value)) {
        return value.map((v) => unwrapSecrets(v)) as unknown as T;
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = unwrapSecrets(v);
        }
        return out as T;
    }
    return value as T;
}

/** A check failure reported by the provider's `check`. */
export interface CheckFailure {
    /** The input property that failed validation ("" when not property-specific). */
    property: string;
    /** Why it failed. */
    reason: string;
}

/** Result of {@link ProviderHost.check}. */
export interface CheckResult {
    /** The checked inputs, `__provider` included (the host always re-adds it). */
    inputs: Record<string, any>;
    /** Validation failures; empty when the inputs are valid. */
    failures: CheckFailure[];
}

/** Result of {@link ProviderHost.diff}. */
export interface DiffResult {
    /**
     * `"some"` when the provider's `diff` returned `changes: true`, `"none"` for
     * `false`, `"unknown"` when it returned neither or the provider has no `diff`.
     */
    changes: "none" | "some" | "unknown";
    /** Properties whose change requires a replacement. */
    replaces: string[];
    /** Whether the old resource must be deleted before its replacement is created. */
    deleteBeforeReplace: boolean;
}

/** Result of {@link ProviderHost.create}. */
export interface CreateResult {
    /** The id the provider returned. */
    id: string;
    /** The outputs, `__provider` included (the host always adds it). */
    properties: Record<string, any>;
}

/** Result of {@link ProviderHost.read}. */
export interface ReadResult {
    /** The id the provider returned (an empty string means "resource gone"). */
    id: string;
    /** The refreshed outputs, `__provider` included. */
    properties: Record<string, any>;
    /** Refreshed inputs, present only when the provider's `read` returned `inputs`. */
    inputs?: Record<string, any>;
}

/** Result of {@link ProviderHost.update}. */
export interface UpdateResult {
    /** The new outputs, `__provider` included. */
    properties: Record<string, any>;
}

/** What the host answered to `Configure`. */
export interface ConfigureResult {
    /** Whether the host accepts wrapped secrets in properties (the Node host says `false`). */
    acceptSecrets: boolean;
    /** Whether the host accepts resource references. */
    acceptResources: boolean;
    /** Whether the host supports `preview` on create/update. */
    supportsPreview: boolean;
}

/**
 * The `pulumirpc.ErrorResourceInitFailed` detail of a failed `Create`/`Update`:
 * the resource exists (the engine keeps `id` and `properties` in the state)
 * but the step failed. The host sends it when the error thrown by the
 * provider carries an `id` (with optional `properties` and `reasons`).
 */
export interface InitFailure {
    /** The id of the resource that was created. */
    id: string;
    /** The properties the error carried (`{}` when it had none). */
    properties: Record<string, any>;
    /** The `reasons` the error carried (`[]` when it had none). */
    reasons: string[];
}

/** Error a {@link ProviderHost} call rejects with when the host answers with a gRPC error. */
export class HostCallError extends Error {
    /** The RPC method, e.g. `"Create"`. */
    readonly method: string;
    /** The gRPC status code (`grpc.status`); errors thrown by a provider arrive as `UNKNOWN` (2). */
    readonly code: grpc.status;
    /** The gRPC status message: for provider errors, the thrown error's `message`. */
    readonly details: string;
    /** The decoded `ErrorResourceInitFailed` detail ("partial failure"), when the host sent one. */
    readonly initFailure?: InitFailure;
    /** The trailing metadata of the failed call. */
    readonly metadata?: grpc.Metadata;

    /** @internal Built by {@link ProviderHost}; not meant to be constructed by tests. */
    constructor(
        method: string,
        code: grpc.status,
        details: string,
        initFailure?: InitFailure,
        metadata?: grpc.Metadata,
        hostOutput?: string,
    ) {
        const codeName = grpc.status[code] ?? String(code);
        let message = `${method} failed (${codeName}): ${details}`;
        if (hostOutput) {
            message += `\n--- provider host output ---\n${hostOutput}`;
        }
        super(message);
        this.name = "HostCallError";
        this.method = method;
        this.code = code;
        this.details = details;
        this.initFailure = initFailure;
        this.metadata = metadata;
    }
}

/** Options of {@link startProviderHost}. */
export interface ProviderHostOptions {
    /**
     * Working directory of the host process. The host resolves `require()`
     * calls inside `__provider` from here, so this must be a directory whose
     * `node_modules` (or an ancestor's) holds what the provider requires.
     */
    cwd: string;
    /**
     * Extra environment for the host, merged over this process's environment
     * (minus `PULUMI_NODEJS_ENGINE`/`PULUMI_NODEJS_MONITOR`, which are dropped
     * unless given here).
     */
    env?: NodeJS.ProcessEnv;
    /**
     * Project name, exported as `PULUMI_NODEJS_PROJECT` (and `PULUMI_PROJECT`)
     * as the engine does; config keys without a namespace resolve against it.
     * Defaults to `env.PULUMI_NODEJS_PROJECT`, else `"test"`.
     */
    project?: string;
    /**
     * The host script to run: another installation's `@pulumi/pulumi/cmd/dynamic-provider/index.js`
     * (default: this repository's).
     */
    hostScript?: string;
    /** Deadline of each RPC, in milliseconds (default 30 000). */
    callTimeoutMs?: number;
    /** How long to wait for the host to print its port and accept connections (default 30 000 ms). */
    startTimeoutMs?: number;
}

/** A running dynamic-provider host and a gRPC client connected to it. */
export interface ProviderHost {
    /** The port the host listens on (127.0.0.1). */
    readonly port: number;
    /**
     * Sends `Configure` like the engine: `args` is `config` as a Struct (keys as
     * given, e.g. `"ns:key"`; wrap secrets with {@link secret}), and the
     * `variables` map holds `pulumi-nodejs:config:<key>` to the value as a
     * string (secrets unwrapped, non-strings JSON-encoded). The host only
     * stores the config: the provider's own `configure` runs on the first call
     * that deserializes its `__provider`.
     */
    configure(config: Record<string, unknown>): Promise<ConfigureResult>;
    /** Sends `Check` (old inputs, new inputs). */
    check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult>;
    /** Sends `Diff` (old outputs, new inputs), as the engine does. */
    diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult>;
    /** Sends `Create` with the checked inputs. */
    create(props: Record<string, unknown>): Promise<CreateResult>;
    /** Sends `Read` (refresh) with the current outputs. */
    read(id: string, props: Record<string, unknown>): Promise<ReadResult>;
    /** Sends `Update` (old outputs, new inputs). */
    update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<UpdateResult>;
    /** Sends `Delete` with the current outputs. */
    delete(id: string, props: Record<string, unknown>): Promise<void>;
    /** All stdout and stderr text the host process printed so far (the port line included). */
    output(): string;
    /** Kills the host process and closes the client. Safe to call more than once. */
    stop(): Promise<void>;
}

const RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";
const STATUS_DETAILS_KEY = "grpc-status-details-bin";
const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** Host processes not stopped yet; killed when this process exits. */
const liveHosts = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackHost(child: ChildProcess): void {
    liveHosts.add(child);
    child.once("exit", () => liveHosts.delete(child));
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once("exit", () => {
            liveHosts.forEach((c) => {
                try {
                    c.kill("SIGKILL");
                } catch {
                    // ignore
                }
            });
        });
    }
}

function toStruct(what: string, value: Record<string, unknown>): Struct {
    try {
        return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
    } catch (e) {
        throw new Error(`cannot encode ${what} as a protobuf Struct (no undefined/functions/Buffers allowed): ${e}`);
    }
}

function fromStruct(s: Struct | undefined): Record<string, any> {
    return s ? (s.toJavaScript() as Record<string, any>) : {};
}

/** Decodes `ErrorResourceInitFailed` from the `grpc-status-details-bin` trailer, if present. */
function decodeInitFailure(metadata: grpc.Metadata | undefined): InitFailure | undefined {
    if (!metadata) {
        return undefined;
    }
    for (const raw of metadata.get(STATUS_DETAILS_KEY)) {
        const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
        const status = statusproto.Status.deserializeBinary(new Uint8Array(bytes));
        for (const any of status.getDetailsList()) {
            const detail = any.unpack((b) => provproto.ErrorResourceInitFailed.deserializeBinary(b), INIT_FAILED_TYPE);
            if (detail) {
                return {
                    id: detail.getId(),
                    properties: fromStruct(detail.getProperties()),
                    reasons: detail.getReasonsList(),
                };
            }
        }
    }
    return undefined;
}

function configVariable(value: unknown): string {
    const plain = unwrapSecrets(value);
    return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/**
 * Spawns `node <@pulumi/pulumi>/cmd/dynamic-provider/index.js <engine-address>`
 * in `options.cwd`, reads the port from its first stdout line and connects a
 * `pulumirpc.ResourceProvider` client to it.
 *
 * The engine-address argument is required by the host but never dialed (it
 * only checks that one is present), so a placeholder is passed. Logging from
 * a provider (`pulumi.log.*`) goes to the host's stdout/stderr, see
 * {@link ProviderHost.output}.
 *
 * Always call {@link ProviderHost.stop} (e.g. in `after`), or the open child
 * process keeps mocha alive.
 */
export async function startProviderHost(options: ProviderHostOptions): Promise<ProviderHost> {
    const callTimeoutMs = options.callTimeoutMs ?? 30_000;
    const startTimeoutMs = options.startTimeoutMs ?? 30_000;
    const hostScript = options.hostScript ?? require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");

    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PULUMI_NODEJS_ENGINE;
    delete env.PULUMI_NODEJS_MONITOR;
    Object.assign(env, options.env ?? {});
    const project = options.project ?? options.env?.PULUMI_NODEJS_PROJECT ?? "test";
    env.PULUMI_NODEJS_PROJECT = project;
    env.PULUMI_PROJECT = project;

    // The host requires an engine address argument but never connects to it.
    const child = spawn(process.execPath, [hostScript, "127.0.0.1:0"], {
        cwd: options.cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    trackHost(child);

    let output = "";
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (output += chunk));

    child.once("exit", (code, signal) => {
        exited = { code, signal };
    });
    child.on("error", (err) => (output += `\n[providerHost] child process error: ${err.message}\n`));
    // "close": the process exited and its stdout/stderr are fully read.
    const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const exitInfo = () => (exited ? `provider host exited (code ${exited.code}, signal ${exited.signal})` : "");

    let client: provrpc.ResourceProviderClient | undefined;
    let stopPromise: Promise<void> | undefined;

    const stop = (): Promise<void> => {
        if (!stopPromise) {
            stopPromise = (async () => {
                client?.close();
                if (!exited) {
                    child.kill("SIGTERM");
                }
                const killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000);
                await closed;
                clearTimeout(killTimer);
            })();
        }
        return stopPromise;
    };

    try {
        const port = await new Promise<number>((resolve, reject) => {
            let stdoutBuf = "";
            let portSeen = false;
            const timer = setTimeout(() => {
                reject(new Error(`provider host printed no port within ${startTimeoutMs} ms; output:\n${output}`));
            }, startTimeoutMs);
            child.stdout!.on("data", (chunk: string) => {
                output += chunk;
                if (portSeen) {
                    return;
                }
                stdoutBuf += chunk;
                const nl = stdoutBuf.indexOf("\n");
                if (nl < 0) {
                    return;
                }
                portSeen = true;
                clearTimeout(timer);
                const line = stdoutBuf.slice(0, nl).trim();
                const p = Number(line);
                if (!Number.isInteger(p) || p <= 0) {
                    reject(new Error(`provider host's first stdout line is not a port: ${JSON.stringify(line)}`));
                } else {
                    resolve(p);
                }
            });
            child.once("error", (err) => {
                clearTimeout(timer);
                reject(new Error(`cannot spawn provider host (node ${hostScript}) in ${options.cwd}: ${err.message}`));
            });
            void closed.then(() => {
                clearTimeout(timer);
                reject(new Error(`${exitInfo()} before printing its port; output:\n${output}`));
            });
        });

        client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
        await new Promise<void>((resolve, reject) =>
            client!.waitForReady(Date.now() + startTimeoutMs, (err) =>
                err ? reject(new Error(`cannot connect to provider host on port ${port}: ${err.message}`)) : resolve(),
            ),
        );
        const connected = client;

        const urn = `urn:pulumi:test::${project}::${RESOURCE_TYPE}::resource`;

        /** Runs one unary call with a deadline, mapping gRPC errors to HostCallError. */
        const unary = <Res>(
            method: string,
            invoke: (
                md: grpc.Metadata,
                opts: Partial<grpc.CallOptions>,
                cb: (err: grpc.ServiceError | null, res: Res) => void,
            ) => grpc.ClientUnaryCall,
        ): Promise<Res> =>
            new Promise<Res>((resolve, reject) => {
                if (stopPromise) {
                    reject(new Error(`${method}: provider host already stopped`));
                    return;
                }
                invoke(new grpc.Metadata(), { deadline: Date.now() + callTimeoutMs }, async (err, res) => {
                    if (!err) {
                        resolve(res);
                        return;
                    }
                    // When the host died or the call hung, the reason is in the host's output, not in
                    // the status: attach it (after waiting briefly for a dying host's last output).
                    let hostOutput: string | undefined;
                    if (exited || err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.DEADLINE_EXCEEDED) {
                        if (err.code !== grpc.status.DEADLINE_EXCEEDED) {
                            await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000))]);
                        }
                        hostOutput = [exitInfo(), output].filter((x) => x).join("\n");
                    }
                    reject(new HostCallError(method, err.code, err.details, decodeInitFailure(err.metadata), err.metadata, hostOutput));
                });
            });

        /** What every resource request carries: the resource's URN, name and type. */
        const addressed = <T extends { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown }>(
            req: T,
        ): T => {
            req.setUrn(urn);
            req.setName("resource");
            req.setType(RESOURCE_TYPE);
            return req;
        };

        const host: ProviderHost = {
            port,

            async configure(config) {
                const req = new provproto.ConfigureRequest();
                req.setArgs(toStruct("config", config));
                const vars = req.getVariablesMap();
                for (const [k, v] of Object.entries(config)) {
                    vars.set(`pulumi-nodejs:config:${k}`, configVariable(v));
                }
                req.setAcceptsecrets(true);
                req.setAcceptresources(true);
                req.setSendsOldInputs(true);
                req.setSendsOldInputsToDelete(true);
                const resp = await unary<provproto.ConfigureResponse>("Configure", (md, o, cb) => connected.configure(req, md, o, cb));
                return {
                    acceptSecrets: resp.getAcceptsecrets(),
                    acceptResources: resp.getAcceptresources(),
                    supportsPreview: resp.getSupportspreview(),
                };
            },

            async check(olds, news) {
                const req = addressed(new provproto.CheckRequest());
                req.setOlds(toStruct("olds", olds));
                req.setNews(toStruct("news", news));
                const resp = await unary<provproto.CheckResponse>("Check", (md, o, cb) => connected.check(req, md, o, cb));
                return {
                    inputs: fromStruct(resp.getInputs()),
                    failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
                };
            },

            async diff(id, olds, news) {
                const req = addressed(new provproto.DiffRequest());
                req.setId(id);
                req.setOlds(toStruct("olds", olds));
                req.setNews(toStruct("news", news));
                const resp = await unary<provproto.DiffResponse>("Diff", (md, o, cb) => connected.diff(req, md, o, cb));
                const DC = provproto.DiffResponse.DiffChanges;
                const c = resp.getChanges();
                return {
                    changes: c === DC.DIFF_SOME ? "some" : c === DC.DIFF_NONE ? "none" : "unknown",
                    replaces: resp.getReplacesList(),
                    deleteBeforeReplace: resp.getDeletebeforereplace(),
                };
            },

            async create(props) {
                const req = addressed(new provproto.CreateRequest());
                req.setProperties(toStruct("properties", props));
                const resp = await unary<provproto.CreateResponse>("Create", (md, o, cb) => connected.create(req, md, o, cb));
                return { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
            },

            async read(id, props) {
                const req = addressed(new provproto.ReadRequest());
                req.setId(id);
                req.setProperties(toStruct("properties", props));
                const resp = await unary<provproto.ReadResponse>("Read", (md, o, cb) => connected.read(req, md, o, cb));
                const result: ReadResult = { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
                if (resp.hasInputs()) {
                    result.inputs = fromStruct(resp.getInputs());
                }
                return result;
            },

            async update(id, olds, news) {
                const req = addressed(new provproto.UpdateRequest());
                req.setId(id);
                req.setOlds(toStruct("olds", olds));
                req.setNews(toStruct("news", news));
                const resp = await unary<provproto.UpdateResponse>("Update", (md, o, cb) => connected.update(req, md, o, cb));
                return { properties: fromStruct(resp.getProperties()) };
            },

            async delete(id, props) {
                const req = addressed(new provproto.DeleteRequest());
                req.setId(id);
                req.setProperties(toStruct("properties", props));
                await unary<unknown>("Delete", (md, o, cb) => connected.delete(req, md, o, cb));
            },

            output: () => output,
            stop,
        };
        return host;
    } catch (e) {
        await stop();
        throw e;
    }
}

/** Options of {@link captureDynamicResourceInputs}. */
export interface CaptureOptions {
    /** Project name given to `setMocks` (default `"test"`). */
    project?: string;
    /** Stack name given to `setMocks` (default `"test"`). */
    stack?: string;
    /** Run as a preview (`pulumi.runtime.isDryRun()` true); default `false`. */
    preview?: boolean;
    /** Organization given to `setMocks` (`pulumi.getOrganization()`; default `"organization"`). */
    organization?: string;
    /**
     * The state the mocks give a resource that is not a dynamic one (a `StackReference`'s
     * `outputs`, say), or `undefined` for its inputs, which is the default for every resource.
     */
    stateOf?: (args: pulumi.runtime.MockResourceArgs) => Record<string, any> | undefined;
}

/** A dynamic resource as {@link captureDynamicResources} saw it registered. */
export interface CapturedResource {
    /** The resource's name. */
    name: string;
    /** Its inputs, `__provider` included (see {@link captureDynamicResourceInputs}). */
    inputs: Record<string, any>;
}

/** Serializes captures: mocks and runtime settings are process-global. */
let captureChain: Promise<unknown> = Promise.resolve();
/** Marks the mocks installed by a capture, so a later capture does not "restore" them. */
const CAPTURE_MOCKS = Symbol("captureDynamicResourceInputs");
/** Input key (removed again from the result) carrying a dynamic resource's construction ordinal. */
const SEQ_KEY = "captureDynamicResourceInputsSeq";

function isDynamicType(type: string): boolean {
    return type.startsWith("pulumi-nodejs:dynamic");
}

/**
 * Runs `declare` (which constructs dynamic resources) under
 * `pulumi.runtime.setMocks` — no CLI needed — and resolves with the inputs
 * each dynamic resource (type `pulumi-nodejs:dynamic...`) was registered
 * with, `__provider` (the serialized provider text) included, in the order
 * the resources were constructed.
 *
 * - Registrations reach the mocks in the order their inputs finish
 *   serializing (a large provider serializes later than a small one), so the
 *   construction order is recorded by a stack transformation:
 *   `declare` runs inside `pulumi.runtime.runInPulumiStack`, so resources
 *   without an explicit parent are children of a `pulumi:pulumi:Stack`.
 * - Inputs are as the mock monitor deserializes them: secrets stay wrapped
 *   (see {@link secret}); pass them through {@link unwrapSecrets} to get what
 *   the engine would send to the host (which does not accept secrets).
 * - It waits for every pending registration (`pulumi.runtime.disconnect()`),
 *   so the result is complete when it resolves; calls are serialized, so it
 *   is safe to call many times in one mocha run.
 * - Errors of the registrations (e.g. `error serializing property
 *   "__provider"` when the provider captures something unserializable) make
 *   it reject; inside the Pulumi runtime they are unhandled rejections, which
 *   are collected while it runs.
 * - Afterwards the runtime is reset with `setMocks`: mocks installed before
 *   the call (a MockMonitor) are reinstalled with the same
 *   project/stack/preview (their record of registered resources starts
 *   empty); otherwise inert mocks stay installed. This also drops the
 *   never-settling promises of failed registrations, which the runtime would
 *   otherwise report as leaks at exit (setting exit code 1).
 */
export async function captureDynamicResourceInputs(
    declare: () => void | Promise<void>,
    options: CaptureOptions = {},
): Promise<Record<string, any>[]> {
    return (await captureDynamicResources(declare, options)).map((resource) => resource.inputs);
}

/**
 * {@link captureDynamicResourceInputs}, with each dynamic resource's name beside its inputs.
 *
 * @param declare - constructs the resources (runs a program, say)
 * @param options - project, stack, preview, organization, and the state of other resources
 */
export function captureDynamicResources(declare: () => void | Promise<void>, options: CaptureOptions = {}): Promise<CapturedResource[]> {
    const run = captureChain.then(() => captureOnce(declare, options));
    captureChain = run.catch(() => undefined);
    return run;
}

async function captureOnce(declare: () => void | Promise<void>, options: CaptureOptions): Promise<CapturedResource[]> {
    const previous = currentMocks();
    const captured: { seq: number; name: string; inputs: Record<string, any> }[] = [];
    const errors: unknown[] = [];
    const onRejection = (reason: unknown) => {
        errors.push(reason);
    };
    const project = options.project ?? "test";
    const stack = options.stack ?? "test";
    const preview = options.preview ?? false;
    const organization = options.organization ?? "organization";
    let active = true;
    let nextSeq = 0;
    const mocks: pulumi.runtime.Mocks & { [CAPTURE_MOCKS]?: true } = {
        [CAPTURE_MOCKS]: true,
        newResource(args) {
            const { [SEQ_KEY]: seq, ...inputs } = args.inputs as Record<string, any>;
            if (active && isDynamicType(args.type)) {
                captured.push({ seq: typeof seq === "number" ? seq : Number.MAX_SAFE_INTEGER, name: args.name, inputs });
                return { id: `${args.name}-id`, state: inputs };
            }
            return { id: `${args.name}-id`, state: options.stateOf?.(args) ?? inputs };
        },
        call(args) {
            return args.inputs;
        },
    };
    process.on("unhandledRejection", onRejection);
    try {
        await pulumi.runtime.setMocks(mocks, project, stack, preview, organization);
        await pulumi.runtime.runInPulumiStack(async () => {
            // Runs synchronously in each resource's constructor: records the construction order.
            pulumi.runtime.registerStackTransformation((args) =>
                isDynamicType(args.type) ? { props: { ...args.props, [SEQ_KEY]: nextSeq++ }, opts: args.opts } : undefined,
            );
            await declare();
            return undefined;
        });
        // Waits for every registration (and anything they started) to finish.
        await pulumi.runtime.disconnect();
        // Let rejections of the finished operations reach the handler.
        await new Promise((r) => setImmediate(r));
    } finally {
        active = false;
        process.off("unhandledRejection", onRejection);
        // Reset the runtime (stack resource and its transformation, leak candidates, ...).
        if (previous) {
            await pulumi.runtime.setMocks(previous.mocks, previous.project, previous.stack, previous.preview);
        } else {
            await pulumi.runtime.setMocks(mocks, project, stack, preview, organization);
        }
    }
    if (errors.length > 0) {
        const first = errors[0];
        throw first instanceof Error ? first : new Error(`registering the dynamic resources failed: ${String(first)}`);
    }
    return captured.sort((a, b) => a.seq - b.seq).map(({ name, inputs }) => ({ name, inputs }));
}

/** The mocks currently installed by `pulumi.runtime.setMocks` (other than a capture's), if any. */
function currentMocks(): { mocks: pulumi.runtime.Mocks; project: string; stack: string; preview: boolean } | undefined {
    if (!pulumi.runtime.hasMonitor()) {
        return undefined;
    }
    const monitor: unknown = pulumi.runtime.getMonitor();
    if (!(monitor instanceof MockMonitor) || (monitor.mocks as { [CAPTURE_MOCKS]?: true })[CAPTURE_MOCKS]) {
        return undefined;
    }
    return {
        mocks: monitor.mocks,
        project: pulumi.runtime.getProject(),
        stack: pulumi.runtime.getStack(),
        preview: pulumi.runtime.isDryRun(),
    };
}
