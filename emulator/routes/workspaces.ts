import type { ServerResponse } from "node:http";
import { answeredAfterProcessing, ERROR_CODES, sendError, sendJson } from "../errors";
import type { Fault } from "../faults";
import type { JobStore } from "../jobStore";

/** Path of the service's routes, with the project id captured. */
export const WORKSPACES_PATH = /^\/v2\/([^/]+)\/workspaces$/;

/**
 * `GET /v2/{project_id}/workspaces` (ListWorkspaces): the project's Workspace service, one
 * object, whose `status` follows the job that opens or closes it (`job_id`). Faults on route
 * `getWorkspaces`: `malformed`, `drop-after` (and, like every route, those that answer first).
 */
export function showWorkspaces(store: JobStore, projectId: string, res: ServerResponse, fault: Fault | undefined): void {
    if (answeredAfterProcessing(res, fault, '{"status": ')) return;
    sendJson(res, 200, store.serviceView(projectId));
}

/** Statuses in which the service cannot be opened, or closed, again: it is already (getting) there. */
const REFUSED: Record<"applyWorkspace" | "cancelWorkspace", readonly string[]> = {
    applyWorkspace: ["PREPARING", "SUBSCRIBING", "SUBSCRIBED", "DEREGISTERING"],
    cancelWorkspace: ["PREPARING", "SUBSCRIBING", "DEREGISTERING", "CLOSED"],
};

/**
 * `POST /v2/{project_id}/workspaces` (open the service; 200) and `DELETE` (close it; 202):
 * starts an `applyWorkspace` / `cancelWorkspace` job, which the service then follows, and
 * answers `{job_id}`. A service already open, closed, or busy answers 409 `WKS.00010032`.
 */
export function openOrCloseWorkspace(store: JobStore, projectId: string, method: "POST" | "DELETE", res: ServerResponse): void {
    const jobType = method === "POST" ? "applyWorkspace" : "cancelWorkspace";
    const status = String(store.serviceView(projectId).status);
    if (REFUSED[jobType].includes(status)) {
        sendError(
            res,
            409,
            ERROR_CODES.conflict,
            `The Workspace service is ${status}: it cannot be ${method === "POST" ? "opened" : "closed"} now.`,
        );
        return;
    }
    const job = store.startServiceJob(projectId, jobType);
    sendJson(res, method === "POST" ? 200 : 202, { job_id: job.id });
}
