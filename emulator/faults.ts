/** Routes that faults can target. */
export type FaultRoute = "retry" | "getJob" | "listSubJobs" | "getWorkspaces";

/** Every {@link FaultRoute}. */
export const FAULT_ROUTES: readonly FaultRoute[] = ["retry", "getJob", "listSubJobs", "getWorkspaces"];

/**
 * A misbehaviour to inject, `count` times, into answers on one route:
 * - `throttle`: 429 `APIG.0308`, with `Retry-After: retryAfterSeconds` when given;
 * - `status`: the given status (e.g. 500, 502, 503, 504) with a Huawei error body; with
 *   `afterCreate` the retry's job is started first (the server acted, then failed);
 * - `drop-before`: the connection is destroyed before the request is processed;
 * - `drop-after`: the job is started, then the connection is destroyed without an answer;
 * - `delay`: the request is processed (job started) and answered `delayMs` later;
 * - `html`: an HTML gateway page with the given status (default 502), nothing processed;
 * - `malformed`: 200 with a body that is not JSON, after processing;
 * - `no-job-id`: 200 `{}` after processing (retry route);
 * - `echo-credentials`: an error (default 401 `APIG.0301`) whose `error_msg` repeats the
 *   request's credentials: its `X-Auth-Token`, the access key of its `Authorization` header and
 *   its `X-Security-Token`, as a careless gateway might; nothing processed. It lets a test see
 *   that a client scrubs what the server says back.
 */
export interface Fault {
    /** The route whose answers it affects. */
    route: FaultRoute;
    /** What goes wrong (see above). */
    kind: "throttle" | "status" | "drop-before" | "drop-after" | "delay" | "html" | "malformed" | "no-job-id" | "echo-credentials";
    /** How many answers it affects. @defaultValue 1 */
    count?: number;
    /** HTTP status of `status`, `html` and `echo-credentials` faults. @defaultValue 503 (`status`), 502 (`html`), 401 (`echo-credentials`) */
    status?: number;
    /** Huawei error code of a `status` or `echo-credentials` fault. @defaultValue `APIG.0202`, or `WKS.00010099` after create (`status`); `APIG.0301` (`echo-credentials`) */
    code?: string;
    /** `Retry-After` of a `throttle` fault, in seconds; no header when absent. */
    retryAfterSeconds?: number;
    /** How long a `delay` fault holds the answer, in milliseconds. */
    delayMs?: number;
    /** For a `status` fault on the retry route: start the job first, then fail. */
    afterCreate?: boolean;
    /** Only requests of this project (its id in the path); any project when absent. */
    projectId?: string;
}

/** Every kind of {@link Fault}. */
export const FAULT_KINDS: readonly Fault["kind"][] = [
    "throttle",
    "status",
    "drop-before",
    "drop-after",
    "delay",
    "html",
    "malformed",
    "no-job-id",
    "echo-credentials",
];

/**
 * Whether a value (from the control API) is a fault the emulator knows.
 *
 * @param value - parsed JSON
 */
export function isFault(value: unknown): value is Fault {
    const fault = value as Fault;
    return (
        typeof value === "object" &&
        value !== null &&
        FAULT_ROUTES.includes(fault.route) &&
        (fault.projectId === undefined || typeof fault.projectId === "string") &&
        FAULT_KINDS.includes(fault.kind) &&
        (fault.count === undefined || (Number.isInteger(fault.count) && fault.count > 0))
    );
}

/** Faults waiting to be applied, oldest first, per route. */
export class FaultQueue {
    private readonly queue: Array<Fault & { remaining: number }> = [];

    /** Queues a fault. */
    add(fault: Fault): void {
        this.queue.push({ ...fault, remaining: fault.count ?? 1 });
    }

    /** Removes every queued fault. */
    clear(): void {
        this.queue.length = 0;
    }

    /** The fault for the next answer on a route (in a project), used up by one; `undefined` when none. */
    take(route: FaultRoute, projectId?: string): Fault | undefined {
        const index = this.queue.findIndex(
            (fault) => fault.route === route && (fault.projectId === undefined || fault.projectId === projectId),
        );
        if (index < 0) return undefined;
        const fault = this.queue[index];
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.queue.splice(index, 1);
        return fault;
    }

    /** Faults still queued. */
    pending(): Fault[] {
        return this.queue.map(({ remaining, ...fault }) => ({ ...fault, count: remaining }));
    }
}
