import { DEFAULT_CLOUD, EU_CLOUD } from "./constants";

/** Region names: `cn-north-4`, `eu-west-101`, `ap-southeast-1`, ... */
const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+){1,4}$/;

/** Cloud domains: `myhuaweicloud.com`, `myhuaweicloud.eu`, a partner partition's domain. */
const CLOUD_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/**
 * Why a region name is not acceptable, or `undefined` when it is.
 *
 * @param region - e.g. `cn-north-4`
 */
export function regionProblem(region: string): string | undefined {
    return REGION_PATTERN.test(region)
        ? undefined
        : `must be a Huawei Cloud region name such as "cn-north-4" (lower-case letters, digits and "-"), got ${JSON.stringify(region)}`;
}

/**
 * Why a cloud domain is not acceptable, or `undefined` when it is.
 *
 * @param cloud - e.g. `myhuaweicloud.com`
 */
export function cloudProblem(cloud: string): string | undefined {
    return CLOUD_PATTERN.test(cloud) ? undefined : `must be a domain name such as "myhuaweicloud.com", got ${JSON.stringify(cloud)}`;
}

/**
 * The Workspace endpoint of a region: `https://workspace.{region}.{cloud}`. Regions of the
 * European partition (`eu-west-1xx`) default to `myhuaweicloud.eu`.
 *
 * @param region - e.g. `cn-north-4`
 * @param cloud - the cloud domain when one was configured; otherwise derived from the region
 */
export function regionEndpoint(region: string, cloud?: string): string {
    const domain = cloud ?? (/^eu-west-1\d\d$/.test(region) ? EU_CLOUD : DEFAULT_CLOUD);
    return `https://workspace.${region}.${domain}`;
}

/**
 * Whether a URL host is a loopback address (`localhost`, `127.0.0.0/8`, `[::1]`), where plain
 * HTTP is allowed because nothing leaves the machine.
 *
 * @param hostname - `URL.hostname`
 */
export function isLoopbackHost(hostname: string): boolean {
    return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Why an endpoint URL is not acceptable, or `undefined` when it is. Endpoints must be
 * `https://` (credentials would otherwise travel in clear text) unless they are on loopback,
 * and carry nothing but scheme, host, port and an optional base path.
 *
 * @param endpoint - e.g. `https://workspace.cn-north-4.myhuaweicloud.com` or `http://127.0.0.1:8080`
 */
export function endpointProblem(endpoint: string): string | undefined {
    let url: URL;
    try {
        url = new URL(endpoint);
    } catch {
        // Not echoed: an unparseable URL may still carry a password.
        return `must be an absolute URL such as "https://workspace.cn-north-4.myhuaweicloud.com"`;
    }
    if (url.username || url.password) {
        return "must not carry a user name or password: set credentials through stack config or environment variables";
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return `must use https:// (or http:// on loopback), got ${JSON.stringify(url.protocol)}`;
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        return `must use https:// for a remote host: plain http would send credentials in clear text (http:// is allowed only on loopback: localhost, 127.0.0.1, [::1]); got ${JSON.stringify(endpoint)}`;
    }
    if (url.search || url.hash) {
        return `must not have a query or fragment, got ${JSON.stringify(endpoint)}`;
    }
    return undefined;
}

/**
 * The endpoint without trailing slashes, so paths can be appended with `/v2/...`.
 *
 * @param endpoint - a URL that passed {@link endpointProblem}
 */
export function normalizeEndpoint(endpoint: string): string {
    return endpoint.replace(/\/+$/, "");
}
