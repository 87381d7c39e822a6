/** The shape of one Open API request and of one call with the tenant token, shared by the parts of the Feishu client. */

/** One Open API call: with the current token; on 99991663 the token is refreshed once and the call retried once. */
export type Call = <T>(operation: string, fn: (token: string) => Promise<T>) => Promise<T>;

/** One Open API request with the tenant token; answers the JSON body (http.ts throws on a non-zero code). */
export type Api = <T>(
  token: string,
  method: "GET" | "POST" | "PATCH",
  path: string,
  req?: { params?: Record<string, unknown>; data?: unknown; multipart?: boolean },
) => Promise<T>;

/** A path segment (ids come from Feishu, but a stray "/" must not change the route). */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
