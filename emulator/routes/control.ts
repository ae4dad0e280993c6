import type { ServerResponse } from "node:http";
import { ERROR_CODES, sendError, sendJson } from "../errors";
import { Fault, FAULT_KINDS, FAULT_ROUTES, FaultQueue, isFault } from "../faults";
import type { JobStore, SeedJob } from "../jobStore";
import type { ServiceOverride } from "../serviceStates";
import type { LoggedRequest } from "../requestLog";
import { FailedJobsSeed, seedFailedJobs } from "../seedFailedJobs";

/**
 * What the control API works on: the emulator's parts, not the server class, so that the
 * server imports its routes and no route imports the server.
 */
export interface ControlledEmulator {
    /** Requests received, oldest first. */
    readonly requests: LoggedRequest[];
    /** The jobs. */
    readonly store: JobStore;
    /** Faults waiting to be applied. */
    readonly faults: FaultQueue;
    /** Clears the request log, the faults and the created-jobs count, and puts every service back in the state seeding set. */
    reset(): void;
}

/** `PUT /_emulator/workspaces/{project_id}`. */
const SERVICE_PATH = /^\/workspaces\/([A-Za-z0-9_-]{1,128})$/;

/**
 * The control API for tests, under `/_emulator/` (no authentication):
 * - `GET /_emulator/requests` — requests received (credentials masked); `DELETE` clears them;
 * - `GET /_emulator/jobs` — every job as the API would show it; `POST` seeds one (`SeedJob`);
 * - `POST /_emulator/failed-jobs` — seeds failed jobs with failed sub jobs (`FailedJobsSeed`), answers them;
 * - `GET /_emulator/stats` — `{ jobsCreated, requests }`;
 * - `POST /_emulator/faults` — queue one fault or an array (`Fault`); `GET` lists; `DELETE` clears;
 * - `PUT /_emulator/timing` — change how new jobs behave (`JobTiming` fields);
 * - `GET /_emulator/workspaces` — every project's Workspace service, as the API shows it;
 * - `PUT /_emulator/workspaces/{project_id}` — set a service's state directly (`{status, job_id?, fail_reason?}`),
 *   until the next job that opens or closes it starts;
 * - `POST /_emulator/reset` — clear requests, faults and the created-jobs count; put every service back in the state seeding set.
 *
 * @param path - the path after `/_emulator`
 */
export function control(emulator: ControlledEmulator, method: string, path: string, body: string, res: ServerResponse): void {
    let payload: unknown;
    try {
        payload = body ? JSON.parse(body) : undefined;
    } catch {
        sendError(res, 400, ERROR_CODES.badRequest, "The control request body is not valid JSON.");
        return;
    }
    const route = `${method} ${path}`;
    const service = SERVICE_PATH.exec(path);
    if (method === "PUT" && service) {
        const state = (payload ?? {}) as Record<string, unknown>;
        if (typeof state.status !== "string" || state.status === "") {
            return sendError(
                res,
                400,
                ERROR_CODES.badRequest,
                `Expected {status: "SUBSCRIBED"|..., job_id?: string, fail_reason?: string}.`,
            );
        }
        const override: ServiceOverride = {
            status: state.status,
            jobId: typeof state.job_id === "string" ? state.job_id : "",
            failReason: typeof state.fail_reason === "string" ? state.fail_reason : "",
        };
        emulator.store.services.set(service[1], override);
        return sendJson(res, 200, emulator.store.serviceView(service[1]));
    }
    switch (route) {
        case "GET /requests":
            return sendJson(res, 200, { requests: emulator.requests });
        case "DELETE /requests":
            emulator.requests.length = 0;
            return sendJson(res, 200, {});
        case "GET /jobs":
            return sendJson(res, 200, {
                jobs: emulator.store
                    .all()
                    .map((job) => ({ ...emulator.store.view(job), project_id: job.projectId, retried_from: job.retriedFrom ?? null })),
            });
        case "POST /jobs":
            return sendJson(res, 201, emulator.store.view(emulator.store.seed((payload ?? {}) as SeedJob)));
        case "POST /failed-jobs": {
            let seeded;
            try {
                seeded = seedFailedJobs(emulator.store, (payload ?? {}) as FailedJobsSeed);
            } catch (error) {
                return sendError(res, 400, ERROR_CODES.badRequest, (error as Error).message);
            }
            return sendJson(res, 201, { jobs: seeded.map((job) => emulator.store.view(job)) });
        }
        case "GET /workspaces":
            return sendJson(res, 200, {
                workspaces: emulator.store.services
                    .projects()
                    .map((projectId) => ({ project_id: projectId, ...emulator.store.serviceView(projectId) })),
            });
        case "GET /stats":
            return sendJson(res, 200, { jobsCreated: emulator.store.jobsCreated, requests: emulator.requests.length });
        case "GET /faults":
            return sendJson(res, 200, { faults: emulator.faults.pending() });
        case "POST /faults": {
            const faults = (Array.isArray(payload) ? payload : [payload]) as Fault[];
            const invalid = faults.findIndex((fault) => !isFault(fault));
            if (invalid >= 0) {
                return sendError(
                    res,
                    400,
                    ERROR_CODES.badRequest,
                    `Not a fault: ${JSON.stringify(faults[invalid] ?? null)}. Expected {route: ${FAULT_ROUTES.map((route) => `"${route}"`).join("|")}, kind: ${FAULT_KINDS.map((kind) => `"${kind}"`).join("|")}, ...}.`,
                );
            }
            for (const fault of faults) emulator.faults.add(fault);
            return sendJson(res, 200, { faults: emulator.faults.pending() });
        }
        case "DELETE /faults":
            emulator.faults.clear();
            return sendJson(res, 200, {});
        case "PUT /timing":
            Object.assign(emulator.store.timing, payload);
            return sendJson(res, 200, emulator.store.timing);
        case "POST /reset":
            emulator.reset();
            return sendJson(res, 200, {});
        default:
            return sendError(res, 404, ERROR_CODES.apiNotFound, `No control route ${route}.`);
    }
}
