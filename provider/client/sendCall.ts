/**
 * One API call on the wire: signed for each attempt, handed to the transport, and sent again
 * as the retry policy (./retry) allows. It ends with the 2xx answer, or with the error of its
 * last attempt: a {@link WorkspaceApiError} for an answer, a network or timeout error for a
 * transport failure.
 *
 * @packageDocumentation
 */
import { AttemptRecord, WorkspaceApiError, WorkspaceNetworkError, WorkspaceTimeoutError } from "./errors";
import { hintFor } from "./hints";
import { HttpResponse, HttpTransport, TransportError } from "./http";
import { ErrorBody, parseErrorBody, requestIdOf } from "./responses";
import { AttemptFailure, classify } from "./retry/classify";
import { decideRetry, parseRetryAfter, RetryOptions } from "./retry/policy";
import type { Signer } from "./signing";
import { describeTransportFailure } from "./transportHints";

/** One API call, as the client's methods describe it. */
export interface ApiCall {
    /** What the call is for, for error messages, e.g. `retry of job X`. */
    operation: string;
    /** `GET` for reads, `POST` for the retry. */
    method: "GET" | "POST";
    /** Path and query, appended to the endpoint. */
    path: string;
    /** The exact body to sign and send, if any. */
    body?: string;
    /** Whether sending it twice does no harm (GETs): decides which failures are retried. */
    idempotent: boolean;
    /** The IAM action it needs, named in the hint of a 403. */
    permission: string;
}

/** What every call of one client shares: where calls go, how they are signed and sent, and the retry policy. */
export interface CallSettings {
    /** Base URL without trailing slash. */
    endpoint: string;
    /** Project id that goes into every path, and into `X-Project-Id`. */
    projectId: string;
    /** Adds the authentication headers to each attempt. */
    signer: Signer;
    /** Sends each attempt. */
    transport: HttpTransport;
    /** Deadline of one attempt, in milliseconds. */
    timeoutMs: number;
    /** When to send again, and after how long. */
    retry: RetryOptions;
    /** Waits between attempts. */
    sleep: (ms: number) => Promise<void>;
    /** Signing dates, `Retry-After` dates, and the call's elapsed time. */
    now: () => Date;
}

/** The 2xx answer a call ended with, and how many attempts it took. */
export interface Answer extends AttemptRecord {
    /** The answer, status 2xx. */
    response: HttpResponse;
}

const NO_BODY: ErrorBody = { code: "", errorMessage: "" };

/**
 * Sends a call until it is answered with a 2xx or the retry policy stops it.
 *
 * @param call - what to send
 * @param settings - where and how to send it, and the retry policy
 * @throws WorkspaceApiError for a non-2xx answer; WorkspaceNetworkError or WorkspaceTimeoutError for a transport failure
 */
export async function sendCall(call: ApiCall, settings: CallSettings): Promise<Answer> {
    const startedMs = settings.now().getTime();
    let retriesDone = 0;
    let delayedMs = 0;
    for (;;) {
        const attempt = await sendOnce(call, settings);
        const record = { attempts: retriesDone + 1, totalDelayMs: delayedMs };
        if ("response" in attempt && attempt.response.status >= 200 && attempt.response.status < 300) {
            return { response: attempt.response, ...record };
        }
        // Parsed before classifying: a gateway's error_code can prove the request stopped there.
        const body = "response" in attempt ? parseErrorBody(attempt.response) : NO_BODY;
        const failure: AttemptFailure =
            "response" in attempt
                ? { status: attempt.response.status, errorCode: body.code }
                : {
                      errno: attempt.error.errno,
                      timedOut: attempt.error.kind === "timeout",
                      connected: attempt.error.connected,
                      proxyStatus: attempt.error.proxyStatus,
                  };
        const failureClass = classify(failure);
        const retryAfterSeconds =
            "response" in attempt ? parseRetryAfter(attempt.response.headers["retry-after"], settings.now()) : undefined;
        const decision = decideRetry(
            {
                failure: failureClass,
                idempotent: call.idempotent,
                retriesDone,
                delayedMs,
                // A seam clock that stands still still counts the waits.
                elapsedMs: Math.max(delayedMs, settings.now().getTime() - startedMs),
                timeoutMs: settings.timeoutMs,
                retryAfterSeconds,
            },
            settings.retry,
        );
        if (!decision.retry) {
            const details = {
                operation: call.operation,
                method: call.method,
                endpoint: settings.endpoint,
                path: call.path,
                failure: failureClass,
                ...record,
            };
            if ("error" in attempt) {
                const error = attempt.error;
                const described = describeTransportFailure(error, settings.endpoint.startsWith("https:"), settings.timeoutMs);
                const transportFailure = { ...described, connected: error.connected, proxy: error.proxy };
                throw error.kind === "timeout"
                    ? new WorkspaceTimeoutError(settings.timeoutMs, { ...details, cause: error }, transportFailure)
                    : new WorkspaceNetworkError(error.errno, { ...details, cause: error }, transportFailure);
            }
            throw new WorkspaceApiError(
                {
                    status: attempt.response.status,
                    ...body,
                    requestId: requestIdOf(attempt.response),
                    retryAfterSeconds,
                    hint: hintFor(attempt.response.status, body.code, call.permission),
                    location: attempt.response.headers.location,
                },
                details,
            );
        }
        await settings.sleep(decision.delayMs);
        delayedMs += decision.delayMs;
        retriesDone += 1;
    }
}

/** One attempt: signed now, sent once; a transport failure is returned, not thrown. */
async function sendOnce(call: ApiCall, settings: CallSettings): Promise<{ response: HttpResponse } | { error: TransportError }> {
    const url = `${settings.endpoint}${call.path}`;
    const headers: Record<string, string> = { "Content-Type": "application/json", "X-Project-Id": settings.projectId };
    const body = call.body ?? "";
    // Signed per attempt: an AK/SK signature carries its time and expires with it.
    Object.assign(headers, settings.signer.sign({ method: call.method, url, headers: { ...headers }, body }, settings.now()));
    try {
        return {
            response: await settings.transport({ method: call.method, url, headers, body: call.body, timeoutMs: settings.timeoutMs }),
        };
    } catch (error) {
        if (error instanceof TransportError) {
            return { error };
        }
        throw error;
    }
}
