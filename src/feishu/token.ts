import type { HttpInstance } from "@larksuiteoapi/node-sdk";
import { elapsed } from "../kernel/clock";

/**
 * The tenant_access_token of a self-built app (POST /open-apis/auth/v3/tenant_access_token/internal,
 * answer `{code, msg, tenant_access_token, expire}` with expire in seconds, usually 7200).
 *
 * Why not the SDK's own token handling: the SDK keeps the token in a process-wide cache shared by every
 * Client with the same app id, fetches it again from every concurrent caller when it is missing, and does
 * nothing on 99991663 (it would keep sending the dead token until its own expiry time). Here one fetch is
 * in flight at a time, the token is renewed 3 minutes before it expires (as the SDK does), and
 * `invalidate(token)` drops exactly the token Feishu refused, so a burst of 99991663 answers causes one
 * refresh, not one per request.
 */
export class TenantTokenSource {
  private cached: { token: string; renewAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  /** How many tokens were fetched (tests assert "refreshed once"). */
  fetches = 0;

  constructor(
    private readonly http: HttpInstance,
    private readonly baseUrl: string,
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly now: () => number = elapsed.ms,
  ) {}

  async get(): Promise<string> {
    const c = this.cached;
    if (c && this.now() < c.renewAt) return c.token;
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Feishu refused this token (99991663): the next get() fetches a new one unless another caller already did. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const res = (await this.http.post(`${this.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
      app_id: this.appId,
      app_secret: this.appSecret,
    })) as { tenant_access_token?: unknown; expire?: unknown };
    const token = res?.tenant_access_token;
    if (typeof token !== "string" || token === "") throw new Error("token endpoint answered without a token");
    const expireMs = (typeof res.expire === "number" && res.expire > 0 ? res.expire : 7200) * 1000;
    // Renew 3 minutes early, or halfway for short-lived tokens.
    const margin = Math.min(3 * 60_000, expireMs / 2);
    this.cached = { token, renewAt: this.now() + expireMs - margin };
    this.fetches++;
    return token;
  }
}
