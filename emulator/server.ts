import { randomUUID } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { AcceptedCredentials, authenticate } from "./auth";
import { EmulatorClock } from "./clock";
import { echoedCredentials, ERROR_CODES, sendError } from "./errors";
import { Fault, FaultQueue, FaultRoute } from "./faults";
import { DEFAULT_SEED, JobStore, JobTiming, SeedJob } from "./jobStore";
import { LoggedRequest, loggableHeaders } from "./requestLog";
import { control } from "./routes/control";
import { answerRetry, retryJob, RouteRequest, showJob } from "./routes/workspaceJobs";
import { listSubJobs, SUB_JOBS_PATH } from "./routes/workspaceSubJobs";
import { openOrCloseWorkspace, showWorkspaces, WORKSPACES_PATH } from "./routes/workspaces";
import type { ServiceOverride } from "./serviceStates";
import type { KnownKey } from "./signatureVerifier";

/** The token the emulator accepts unless told otherwise. */
export const DEFAULT_TOKEN = "emulator-token";
/** The access key pair the emulator accepts unless told otherwise. */
export const DEFAULT_ACCESS_KEY = "EMULATORACCESSKEY000";
/** Secret key of {@link DEFAULT_ACCESS_KEY}. */
export const DEFAULT_SECRET_KEY = "emulator-secret-key-0000000000000000000";

/** How to start a {@link WorkspaceEmulator}; every field has a default. */
export interface EmulatorOptions {
    /** Address to bind. @defaultValue "127.0.0.1" */
    host?: string;
    /** Port; 0 picks a free one. @defaultValue 0 */
    port?: number;
    /** Accepted IAM tokens. @defaultValue ["emulator-token"] */
    tokens?: string[];
    /** Accepted access keys by AK; one with `securityToken` is temporary. @defaultValue one pair, {@link DEFAULT_ACCESS_KEY} */
    keys?: Record<string, KnownKey>;
    /** Jobs to start with. @defaultValue {@link DEFAULT_SEED} */
    seed?: SeedJob[];
    /** How jobs started by retries behave. */
    timing?: Partial<JobTiming>;
    /** Emulated milliseconds per real millisecond. @defaultValue 1 */
    clockScale?: number;
    /** Called once each API request has been answered (or dropped), e.g. to print it. */
    onRequest?: (request: LoggedRequest) => void;
    /**
     * Serve HTTPS with this certificate (PEM, the chain after the leaf) and key instead of
     * plain HTTP; {@link WorkspaceEmulator.url} is then `https://localhost:<port>`, so the
     * certificate must name `localhost`.
     */
    tls?: {
        /** The server certificate (PEM), followed by the chain up to its CA. */
        cert: string | Buffer;
        /** The certificate's private key (PEM). */
        key: string | Buffer;
    };
}

const JOB_PATH = /^\/v2\/([^/]+)\/workspace-jobs\/([^/]+)$/;
const RETRY_PATH = /^\/v2\/([^/]+)\/workspace-jobs\/([^/]+)\/actions$/;

/** The routes of the API, and the control API's. */
type Route = FaultRoute | "openWorkspace" | "closeWorkspace" | "control" | "unknown";

/** Each API route: its method and path pattern. */
const ROUTES: ReadonlyArray<[string, RegExp, Route]> = [
    ["POST", RETRY_PATH, "retry"],
    ["GET", JOB_PATH, "getJob"],
    ["GET", SUB_JOBS_PATH, "listSubJobs"],
    ["GET", WORKSPACES_PATH, "getWorkspaces"],
    ["POST", WORKSPACES_PATH, "openWorkspace"],
    ["DELETE", WORKSPACES_PATH, "closeWorkspace"],
];

/** Which route a request is for, with its raw path parameters (project id, then job id). */
function routeOf(method: string, path: string): { route: Route; params: string[] } {
    if (path.startsWith("/_emulator/")) return { route: "control", params: [] };
    for (const [routeMethod, pattern, route] of ROUTES) {
        const match = method === routeMethod ? pattern.exec(path) : null;
        if (match) return { route, params: match.slice(1) };
    }
    return { route: "unknown", params: [] };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A local stand-in for the Huawei Cloud Workspace job API: the retry and job-details
 * routes with Huawei's error format and `X-Request-Id`, token and AK/SK authentication,
 * seeded failed jobs, jobs that progress over time, fault injection and a control API.
 */
export class WorkspaceEmulator {
    /** The jobs. */
    readonly store: JobStore;
    /** Faults waiting to be applied. */
    readonly faults = new FaultQueue();
    /** Requests received, oldest first. */
    readonly requests: LoggedRequest[] = [];
    private readonly server: Server;
    private readonly accepted: AcceptedCredentials;
    private readonly onRequest?: (request: LoggedRequest) => void;
    private readonly secure: boolean;
    private address?: AddressInfo;

    private constructor(options: EmulatorOptions) {
        this.onRequest = options.onRequest;
        const clock = new EmulatorClock(options.clockScale ?? 1);
        this.store = new JobStore(clock, { initMs: 200, runMs: 1000, outcome: "SUCCESS", subJobCount: 2, ...options.timing });
        for (const job of options.seed ?? DEFAULT_SEED) this.store.seed(job);
        this.accepted = {
            tokens: options.tokens ?? [DEFAULT_TOKEN],
            keys: new Map(Object.entries(options.keys ?? { [DEFAULT_ACCESS_KEY]: { secretKey: DEFAULT_SECRET_KEY } })),
        };
        const listener = (req: IncomingMessage, res: ServerResponse) => {
            this.handle(req, res).catch((error: Error) => {
                if (!res.headersSent) sendError(res, 500, ERROR_CODES.internal, `Emulator error: ${error.message}`);
            });
        };
        this.secure = options.tls !== undefined;
        this.server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);
    }

    /**
     * Starts an emulator and resolves once it listens.
     *
     * @param options - see {@link EmulatorOptions}
     */
    static async start(options: EmulatorOptions = {}): Promise<WorkspaceEmulator> {
        const emulator = new WorkspaceEmulator(options);
        await new Promise<void>((resolve, reject) => {
            emulator.server.once("error", reject);
            emulator.server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
        });
        emulator.address = emulator.server.address() as AddressInfo;
        return emulator;
    }

    /** Base URL, e.g. `http://127.0.0.1:40123`, or `https://localhost:40123` when serving HTTPS. */
    get url(): string {
        const { address, port } = this.address!;
        return this.secure ? this.urlAt("localhost") : `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
    }

    /**
     * The base URL under another host name that resolves to this emulator (through a proxy
     * that maps it, say), e.g. `https://workspace.emulator.test:40123`.
     *
     * @param hostname - the host name, which a certificate must name under HTTPS
     */
    urlAt(hostname: string): string {
        return `${this.secure ? "https" : "http"}://${hostname}:${this.address!.port}`;
    }

    /** Jobs started by accepted retries so far. */
    get jobsCreated(): number {
        return this.store.jobsCreated;
    }

    /** Queues a fault (see {@link Fault}). */
    inject(fault: Fault): void {
        this.faults.add(fault);
    }

    /**
     * Clears the request log, the faults and the created-jobs count, and puts every project's
     * Workspace service back in the state seeding set (jobs started since stay).
     */
    reset(): void {
        this.requests.length = 0;
        this.faults.clear();
        this.store.jobsCreated = 0;
        this.store.services.restore();
    }

    /**
     * Sets a project's Workspace service state directly, as `GET /v2/{project_id}/workspaces`
     * will show it until the next job that opens or closes the service starts.
     *
     * @param projectId - the project
     * @param state - status, and optionally job id and fail reason
     */
    setService(projectId: string, state: ServiceOverride): void {
        this.store.services.set(projectId, state);
    }

    /** Stops listening and closes every connection. */
    async stop(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        res.setHeader("X-Request-Id", randomUUID().replace(/-/g, ""));
        const body = await readBody(req);
        const url = req.url ?? "/";
        const path = url.split("?")[0];
        const { route, params } = routeOf(req.method ?? "GET", path);
        const entry: LoggedRequest = {
            seq: this.requests.length + 1,
            at: new Date().toISOString(),
            method: req.method ?? "GET",
            url,
            route,
            headers: loggableHeaders(req.headers),
            body: body.toString("utf8"),
            auth: "",
            status: 0,
            remotePort: req.socket.remotePort ?? 0,
        };
        res.on("close", () => {
            entry.status = res.writableFinished ? res.statusCode : 0;
            if (route !== "control") this.onRequest?.(entry);
        });
        if (route === "control") {
            return control(this, req.method ?? "GET", path.slice("/_emulator".length), entry.body, res);
        }
        this.requests.push(entry);
        if (route === "unknown") {
            return sendError(res, 404, ERROR_CODES.apiNotFound, `The API does not exist or has not been published: ${req.method} ${path}.`);
        }
        let projectId: string;
        let jobId: string;
        try {
            [projectId, jobId] = params.map(decodeURIComponent);
        } catch {
            return sendError(res, 400, ERROR_CODES.badRequest, `The path is not validly percent-encoded: ${path}.`);
        }
        const auth = authenticate(req, body, this.accepted, new Date());
        if (!auth.ok) {
            return sendError(res, 401, auth.code, auth.message);
        }
        entry.auth = auth.as;
        const fault = route === "openWorkspace" || route === "closeWorkspace" ? undefined : this.faults.take(route, projectId);
        if (await this.answeredByFault(fault, req, res)) return;
        if (fault?.kind === "delay" && route !== "retry") await delay(fault.delayMs ?? 0);
        switch (route) {
            case "listSubJobs":
                return listSubJobs(this.store, projectId, url.slice(path.length + 1), res, fault);
            case "getWorkspaces":
                return showWorkspaces(this.store, projectId, res, fault);
            case "openWorkspace":
            case "closeWorkspace":
                return openOrCloseWorkspace(this.store, projectId, route === "openWorkspace" ? "POST" : "DELETE", res);
            case "getJob":
                return showJob(this.store, { projectId, jobId }, res, fault);
        }
        const routeRequest: RouteRequest = { projectId, jobId, contentType: req.headers["content-type"] ?? "", body: entry.body };
        const newJobId = retryJob(this.store, routeRequest, res);
        if (newJobId === undefined) return;
        // Processed first, answered late: the job exists while the client still waits.
        if (fault?.kind === "delay") await delay(fault.delayMs ?? 0);
        answerRetry(res, newJobId, fault);
    }

    /** Applies a fault that answers before anything is processed; true when it did. */
    private async answeredByFault(fault: Fault | undefined, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
        switch (fault?.kind) {
            case "throttle":
                sendError(
                    res,
                    429,
                    ERROR_CODES.throttled,
                    "The request is throttled.",
                    fault.retryAfterSeconds === undefined ? {} : { "Retry-After": String(fault.retryAfterSeconds) },
                );
                return true;
            case "status":
                if (fault.afterCreate) return false;
                sendError(
                    res,
                    fault.status ?? 503,
                    fault.code ?? ERROR_CODES.backendUnavailable,
                    "The backend service is unavailable (emulated).",
                );
                return true;
            case "echo-credentials":
                sendError(res, fault.status ?? 401, fault.code ?? ERROR_CODES.tokenRejected, echoedCredentials(req.headers));
                return true;
            case "drop-before":
                res.socket?.destroy();
                return true;
            case "html": {
                const page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
                res.writeHead(fault.status ?? 502, { "Content-Type": "text/html" }).end(page);
                return true;
            }
            default:
                return false;
        }
    }
}

export type { FaultRoute };
