/**
 * What a user can do about an API error: one sentence per situation, keyed by status and
 * Huawei error code.
 *
 * @param status - HTTP status
 * @param code - Huawei `error_code`
 * @param permission - the IAM action the call needs, e.g. `workspace:jobs:retry`
 */
export function hintFor(status: number, code: string, permission: string): string | undefined {
    if (status >= 300 && status < 400) {
        return "the endpoint answered with a redirect, so the request was not processed (redirects are not followed): check the region / endpoint; a proxy's login page, or http:// where https:// is expected, answers like this";
    }
    if (code === "APIG.0307") {
        return "the IAM token has expired or must be refreshed: get a new one (tokens live 24 h), or use an access key pair instead";
    }
    if (status === 401) {
        return "the token or access key pair was rejected: check that it is current and belongs to this account and region; with an access key pair also check the machine clock (15-minute window). Not retried: five failed access-key attempts lock the key for 5 minutes";
    }
    if (status === 403) {
        return `the credentials are not allowed to do this: grant the IAM action ${permission} on this project (e.g. the Workspace FullAccess policy), or check the account's IP restrictions`;
    }
    if (status === 404 && permission === "workspace:workspaces:list") {
        return "this endpoint does not serve the Workspace service's state (an older gateway, or the wrong endpoint)";
    }
    if (code === "APIG.0101") {
        return "no such API at this endpoint: check the region / endpoint setting";
    }
    if (status === 404) {
        return "no such job in this project: check the job id, the project id and the region";
    }
    if (status === 409 || code === "WKS.00010032") {
        return "another operation on the Workspace service is in progress: wait for it to finish, then run again";
    }
    if (status === 429) {
        return "the API is throttling this tenant: send fewer requests at once, or allow more retries";
    }
    if (status === 400 && permission === "workspace:jobs:retry") {
        return "only FAILED registration (applyWorkspace) and deregistration (cancelWorkspace) jobs can be retried";
    }
    return undefined;
}
