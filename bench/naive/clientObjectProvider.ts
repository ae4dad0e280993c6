/**
 * The naive baseline in the shape that does serialize: the same plain-object provider,
 * but its module-level HTTP client is a small hand-written class over the axios module
 * (what users end up with when `axios.create()` at module level fails to serialize).
 * Pulumi then serializes the client instance and its class by value, and `axios` as
 * `require("axios")`. Endpoint, project and token are read when the program loads, so they
 * are captured too.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import axios from "axios";

/** A minimal Workspace HTTP client: base URL and headers, one method per verb. */
class WorkspaceHttpClient {
    constructor(
        private readonly baseURL: string,
        private readonly headers: Record<string, string>,
    ) {}

    async post(path: string, body: unknown): Promise<any> {
        const response = await axios.post(this.baseURL + path, body, { headers: this.headers, timeout: 30_000 });
        return response.data;
    }

    async get(path: string): Promise<any> {
        const response = await axios.get(this.baseURL + path, { headers: this.headers, timeout: 30_000 });
        return response.data;
    }
}

const projectId = process.env.HW_PROJECT_ID ?? "";

const client = new WorkspaceHttpClient(process.env.HW_WORKSPACE_ENDPOINT ?? "", {
    "Content-Type": "application/json",
    "X-Auth-Token": process.env.HW_AUTH_TOKEN ?? "",
});

/** Retries the job named by `inputs.jobId`; the new job id is the resource id. */
export const clientObjectProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        const data = await client.post(`/v2/${projectId}/workspace-jobs/${inputs.jobId}/actions`, { op_type: "retry" });
        return { id: data.job_id, outs: { ...inputs, newJobId: data.job_id } };
    },
};
