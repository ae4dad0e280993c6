import { REQUEST_ID_HEADER } from "./constants";
import type { HttpResponse } from "./http";

/** The error fields Huawei puts in a non-2xx body, or a description of a body that had none. */
export interface ErrorBody {
    /** `error_code`, empty when absent. */
    code: string;
    /** `error_msg`, or what made the body unusable. */
    errorMessage: string;
    /** `encoded_authorization_message`, when present. */
    encodedAuthorizationMessage?: string;
}

/** Longest excerpt of an unparseable body quoted in an error, in characters. */
const BODY_EXCERPT_CHARS = 160;

/**
 * Parses a JSON body, or returns `undefined` when the body is not a JSON object (an HTML
 * gateway page, a truncated answer).
 *
 * @param body - the response text
 */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
    try {
        const parsed: unknown = JSON.parse(body);
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * A text field of an answer as the client keeps it: a string as given, a number or other
 * scalar as its text, and a missing or null field as `""`. Every parser of this client reads
 * its fields through it, so a field the API mistypes reads the same everywhere.
 *
 * @param value - the field's value in the parsed JSON
 */
export function fieldText(value: unknown): string {
    return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

/**
 * Describes a body that is not the JSON expected, without dumping it: its content type,
 * size, and the page title or a short excerpt.
 *
 * @param response - the answer
 */
export function describeUnusableBody(response: HttpResponse): string {
    const contentType = response.headers["content-type"] ?? "none";
    if (response.body.trim() === "") {
        return `the answer had an empty body (content-type: ${contentType})`;
    }
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(response.body)?.[1];
    const text = (title ?? response.body).replace(/\s+/g, " ").trim();
    const excerpt = text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}...` : text;
    return `the answer was not JSON (content-type: ${contentType}, ${Buffer.byteLength(response.body)} bytes): ${JSON.stringify(excerpt)}`;
}

/**
 * Reads Huawei's error fields from a non-2xx answer. Accepts the flat form
 * (`error_code`, `error_msg`) and the nested IAM form (`error: {code, message}`).
 *
 * @param response - the answer
 */
export function parseErrorBody(response: HttpResponse): ErrorBody {
    const json = parseJsonObject(response.body);
    if (!json) {
        return { code: "", errorMessage: describeUnusableBody(response) };
    }
    const nested = typeof json.error === "object" && json.error !== null ? (json.error as Record<string, unknown>) : {};
    const code = json.error_code ?? nested.code;
    const message = json.error_msg ?? nested.message;
    return {
        code: typeof code === "string" ? code : "",
        errorMessage: typeof message === "string" ? message : "(no error_msg in the answer)",
        encodedAuthorizationMessage:
            typeof json.encoded_authorization_message === "string" ? json.encoded_authorization_message : undefined,
    };
}

/**
 * The gateway's request id of an answer.
 *
 * @param response - the answer
 */
export function requestIdOf(response: HttpResponse): string | undefined {
    return response.headers[REQUEST_ID_HEADER] || undefined;
}
