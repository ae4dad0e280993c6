/**
 * The naive baseline, as most blog posts write a dynamic provider: a plain object whose
 * `create` uses an HTTP client (an axios instance) built once at module level, with the
 * endpoint, project and token read when the program loads.
 *
 * Pulumi serializes `create` with everything it captures: here the axios instance and,
 * through it, axios' internals. Import this module only after the environment points at
 * the emulator (the values are read at import time, like in the blog posts).
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import axios from "axios";

const projectId = process.env.HW_PROJECT_ID ?? "";

const http = axios.create({
    baseURL: process.env.HW_WORKSPACE_ENDPOINT,
    timeout: 30_000,
    headers: { "Content-Type": "application/json", "X-Auth-Token": process.env.HW_AUTH_TOKEN ?? "" },
});

/** Retries the job named by `inputs.jobId`; the new job id is the resource id. */
export const axiosInstanceProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        const { data } = await http.post(`/v2/${projectId}/workspace-jobs/${inputs.jobId}/actions`, { op_type: "retry" });
        return { id: data.job_id, outs: { ...inputs, newJobId: data.job_id } };
    },
};
