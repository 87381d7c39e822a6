import type { HttpInstance, HttpRequestOptions } from "@larksuiteoapi/node-sdk";
import { FeishuApiError } from "./errors";

/**
 * The SDK Client's transport over Web-standard fetch (runs on Node and Workers alike), replacing its axios
 * default so that every call has a timeout, every failure carries Feishu's code, HTTP status and
 * `x-ogw-ratelimit-reset`, and an HTTP 200 answer with a non-zero code is an error too (the SDK would
 * otherwise hand it back as data, and for file uploads drop it altogether).
 */

export interface FetchHttpOptions {
  /** Per-request timeout (ms). Default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Params = Record<string, unknown>;
type Serializer = (params: Params) => string;

function serializeParams(params: Params | undefined, serializer: unknown): string {
  if (!params || Object.keys(params).length === 0) return "";
  if (typeof serializer === "function") return (serializer as Serializer)(params);
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) search.append(k, String(item));
    else search.append(k, String(v));
  }
  return search.toString();
}

/** Multipart bodies (file upload): bytes become a Blob named after `file_name`. */
function toFormData(data: Record<string, unknown>): FormData {
  const form = new FormData();
  const fileName = typeof data.file_name === "string" ? data.file_name : "file";
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined || v === null) continue;
    if (v instanceof Blob) form.append(k, v, fileName);
    else if (v instanceof Uint8Array) form.append(k, new Blob([new Uint8Array(v)]), fileName);
    else if (v instanceof ArrayBuffer) form.append(k, new Blob([v]), fileName);
    else form.append(k, String(v));
  }
  return form;
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const v = headers.get(name);
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function createFetchHttp(options: FetchHttpOptions = {}): HttpInstance {
  const doFetch = options.fetch ?? fetch;
  const defaultTimeout = options.timeoutMs ?? 15_000;

  async function request(opts: HttpRequestOptions<unknown>): Promise<unknown> {
    const method = (opts.method ?? "GET").toUpperCase();
    let url = opts.url ?? "";
    const query = serializeParams(opts.params as Params | undefined, opts.paramsSerializer);
    if (query) url += (url.includes("?") ? "&" : "?") + query;

    const headers = new Headers();
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (v !== undefined && v !== null) headers.set(k, String(v));
    }
    let body: BodyInit | undefined;
    if (opts.data !== undefined && opts.data !== null && method !== "GET" && method !== "HEAD") {
      const type = headers.get("content-type") ?? "";
      if (type.startsWith("multipart/form-data") && typeof opts.data === "object") {
        body = toFormData(opts.data as Record<string, unknown>);
        headers.delete("content-type"); // fetch sets it with the boundary
      } else if (typeof opts.data === "string") {
        body = opts.data;
      } else {
        body = JSON.stringify(opts.data);
        if (!type) headers.set("content-type", "application/json; charset=utf-8");
      }
    }

    const timeoutMs = opts.timeout ?? defaultTimeout;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === "TimeoutError" || name === "AbortError")
        throw new FeishuApiError("timeout", `${method} ${url}: no answer within ${timeoutMs} ms`, { url });
      throw new FeishuApiError("network", `${method} ${url}: ${String(err)}`, { url });
    }

    let json: Record<string, unknown> | undefined;
    if (text) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
      } catch {
        json = undefined;
      }
    }
    const code = typeof json?.code === "number" ? json.code : undefined;
    if (!res.ok || (code !== undefined && code !== 0)) {
      const msg = typeof json?.msg === "string" ? json.msg : text.slice(0, 200) || res.statusText;
      const error = json?.error as { log_id?: unknown } | undefined;
      throw new FeishuApiError(code !== undefined ? "api" : "http", msg, {
        status: res.status,
        code,
        resetSeconds: numberHeader(res.headers, "x-ogw-ratelimit-reset"),
        url,
        logId: typeof error?.log_id === "string" ? error.log_id : undefined,
      });
    }
    const data: unknown = json ?? text;
    if (opts.$return_headers) {
      const h: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        h[k] = v;
      });
      return { data, headers: h };
    }
    return data;
  }

  const instance = {
    request,
    get: (url: string, o: HttpRequestOptions<unknown> = {}) => request({ ...o, url, method: "GET" }),
    delete: (url: string, o: HttpRequestOptions<unknown> = {}) => request({ ...o, url, method: "DELETE" }),
    head: (url: string, o: HttpRequestOptions<unknown> = {}) => request({ ...o, url, method: "HEAD" }),
    options: (url: string, o: HttpRequestOptions<unknown> = {}) => request({ ...o, url, method: "OPTIONS" }),
    post: (url: string, data?: unknown, o: HttpRequestOptions<unknown> = {}) =>
      request({ ...o, url, data, method: "POST" }),
    put: (url: string, data?: unknown, o: HttpRequestOptions<unknown> = {}) =>
      request({ ...o, url, data, method: "PUT" }),
    patch: (url: string, data?: unknown, o: HttpRequestOptions<unknown> = {}) =>
      request({ ...o, url, data, method: "PATCH" }),
  };
  // The SDK declares generic <T, R, D> signatures; at runtime they are these functions.
  return instance as unknown as HttpInstance;
}
