import { MessengerError } from "../kernel/messenger";
import { CardTooLargeError } from "./cards";

/**
 * Feishu Open API failures, and how the outbox dispatcher should treat them (MessengerError reasons).
 * Codes checked against the open platform docs (发送消息 / 通用错误码 / 频控策略 / 群成员 / 通讯录):
 * a limit answers HTTP 429 with code 99991400 and `x-ogw-ratelimit-reset` (seconds; older APIs answer 400);
 * 99991663 means the tenant_access_token is invalid or expired; business errors answer HTTP 400 with a code.
 */

/** A failed call as the HTTP layer saw it. */
export class FeishuApiError extends Error {
  constructor(
    /** api: Feishu answered with a non-zero code; http: a non-2xx without a Feishu body; network/timeout: no answer. */
    readonly kind: "api" | "http" | "network" | "timeout",
    message: string,
    readonly info: {
      status?: number;
      code?: number;
      resetSeconds?: number;
      url?: string;
      logId?: string;
    } = {},
  ) {
    super(message);
    this.name = "FeishuApiError";
  }
}

/** Rate limits: the gateway's 99991400, the IM per-chat/per-user/per-message limits, older message limits. */
const RATE_LIMITED = new Set([99991400, 230020, 11232, 11233, 11247]);
/** The token is missing, invalid or expired: refresh it once and retry. */
const TOKEN = new Set([99991661, 99991663, 99991665]);
/** Feishu's own hiccups: retry with backoff. 230049/18121: the same message is still being sent (uuid). */
const TRANSIENT = new Set([1500, 1503, 1663, 1668, 2200, 5000, 10101, 40003, 40006, 230049, 18121, 11246]);

/** What the office sees for a failure, in Chinese, by code. */
const DESCRIPTIONS: Record<number, string> = {
  230001: "请求参数无效（如接收者 ID 无效）",
  230002: "机器人不在该群中",
  230006: "应用未启用机器人能力",
  230011: "消息已被撤回",
  230013: "该用户不在应用的可用范围内或已离职",
  230017: "机器人不是该资源的拥有者",
  230018: "群设置禁止该操作（如仅群主可发言）",
  230020: "触发频率限制",
  230022: "消息含敏感信息",
  230025: "消息内容超出长度限制",
  230027: "缺少权限",
  230028: "消息未通过数据防泄漏审查",
  230029: "该用户已离职",
  230034: "接收者 ID 无效",
  230035: "没有发送消息的权限（群禁言或被屏蔽）",
  230053: "用户已设置不再接收机器人消息",
  230099: "卡片内容无效",
  232006: "群 ID 无效",
  232009: "该群已解散",
  232010: "操作者与群不在同一租户",
  232011: "机器人不在该群中",
  232025: "应用未启用机器人能力",
  10002: "机器人不在会话中",
  10030: "机器人不在会话中",
  11236: "该用户已离职",
  41050: "无权查看该用户（不在通讯录权限范围内）",
  41012: "用户 ID 无效",
  99991400: "触发频率限制",
  99991401: "服务器 IP 不在应用白名单中",
  99991403: "本月 API 调用次数已达上限",
  99991661: "缺少访问凭证",
  99991663: "访问凭证无效或已过期",
  99991672: "应用缺少所需的 API 权限",
  99992351: "open_id 不存在",
  99992361: "open_id 不属于当前应用",
};

/** Codes that mean "this user is not (or no longer) someone we can look up": getUser answers undefined. */
export const USER_NOT_FOUND = new Set([41012, 41050, 40007, 40008, 40051, 99992351, 99992361]);

export function describeFeishuCode(code: number | undefined): string | undefined {
  return code === undefined ? undefined : DESCRIPTIONS[code];
}

/** Maps whatever a Feishu call threw to the reason the dispatcher acts on. */
export function toMessengerError(err: unknown, operation: string): MessengerError {
  if (err instanceof MessengerError) return err;
  if (err instanceof CardTooLargeError)
    return new MessengerError("permanent", `${operation}: ${err.message}`);
  if (!(err instanceof FeishuApiError)) {
    // An exception that is not Feishu's answer (a bug, a malformed response): retry with backoff, bounded.
    return new MessengerError("transient", `${operation}: ${String(err)}`);
  }
  const { status, code, resetSeconds, url } = err.info;
  const detail = { code, status, resetSeconds };
  const described = describeFeishuCode(code);
  const text = `${operation}: ${code !== undefined ? `飞书错误 ${code}` : `HTTP ${status ?? "-"}`}${
    described ? ` ${described}` : ""
  } (${err.message})`;
  if (err.kind === "timeout" || err.kind === "network") return new MessengerError("transient", text, detail);
  if (status === 429 || (code !== undefined && RATE_LIMITED.has(code)))
    return new MessengerError("rate_limited", text, detail);
  // A failing token endpoint (wrong secret, app disabled) is an authorization problem, not the message's:
  // keep the message and retry later instead of failing it for good.
  if (url?.includes("/auth/v3/tenant_access_token")) {
    return status !== undefined && status >= 500
      ? new MessengerError("transient", text, detail)
      : new MessengerError("token", text, detail);
  }
  if (code !== undefined && TOKEN.has(code)) return new MessengerError("token", text, detail);
  if ((status !== undefined && status >= 500) || (code !== undefined && TRANSIENT.has(code)))
    return new MessengerError("transient", text, detail);
  return new MessengerError("permanent", text, detail);
}
