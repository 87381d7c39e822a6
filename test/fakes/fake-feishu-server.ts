import type { IncomingMessage, ServerResponse } from "node:http";
import { parseBody } from "../../src/playground/stand-in/body";
import type { WindowLimiter } from "../../src/playground/stand-in/limits";
import { handlers, type RouteContext, routes } from "../../src/playground/stand-in/routes";
import { type FakeState, FeishuError } from "../../src/playground/stand-in/state";
import type { IncomingCall, RecordedCall } from "../../src/playground/stand-in/types";
import type { FakeFeishu } from "./fake-feishu";
import { handleControl } from "./fake-feishu-control";
import type { FaultInjector } from "./fake-feishu-faults";

/** What the request pipeline needs from the fake. */
export interface ServerHost {
  fake: FakeFeishu;
  state: FakeState;
  faults: FaultInjector;
  limiter: WindowLimiter;
  recorded: RecordedCall[];
  hanging: Set<ServerResponse>;
  now: () => number;
  nextSeq: () => number;
}

/** One HTTP request: record it, apply an injected fault if one matches, check the token, answer like Feishu. */
export async function handleRequest(
  host: ServerHost,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const method = (req.method ?? "GET").toUpperCase();
  if (url.pathname.startsWith("/_fake/")) return handleControl(host.fake, method, url, raw, res);
  const route = routes.find((r) => r.method === method && r.re.test(url.pathname));
  if (!route) {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("404 page not found");
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
  const query = Object.fromEntries(url.searchParams);
  const { body, file } = await parseBody(raw, headers["content-type"] ?? "");
  const call: IncomingCall = { endpoint: route.endpoint, method, path: url.pathname, query, body };
  const record: RecordedCall = {
    ...call,
    seq: host.nextSeq(),
    headers,
    at: host.now(),
    status: 0,
    response: undefined,
  };
  host.recorded.push(record);

  const reply = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
    record.status = status;
    record.response = payload;
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...extra });
    res.end(JSON.stringify(payload));
  };
  const fail = (e: FeishuError) =>
    reply(e.status, { code: e.code, msg: e.message, error: { log_id: `fake-${record.seq}` } }, e.headers);

  const fault = host.faults.pick(call);
  if (fault) record.fault = fault.type;
  switch (fault?.type) {
    case "rate_limit":
      return fail(
        new FeishuError(fault.status ?? 429, fault.code ?? 99991400, "request trigger frequency limit", {
          "x-ogw-ratelimit-limit": "50",
          "x-ogw-ratelimit-reset": String(fault.resetSeconds ?? 1),
        }),
      );
    case "server_error":
      return fail(new FeishuError(fault.status ?? 500, fault.code ?? 1500, "internal error"));
    case "token_invalid":
      return fail(
        new FeishuError(
          400,
          99991663,
          "Invalid access token for authorization. Please make a request with token attached.",
        ),
      );
    case "error":
      return fail(new FeishuError(fault.status ?? 400, fault.code, fault.msg ?? `fake error ${fault.code}`));
    case "hang":
      host.hanging.add(res);
      res.on("close", () => host.hanging.delete(res));
      return;
    case "delay":
      await new Promise((r) => setTimeout(r, fault.ms));
      break;
    default:
      break;
  }

  const match = route.re.exec(url.pathname);
  const ctx: RouteContext = {
    state: host.state,
    opts: {
      appId: host.fake.appId,
      appSecret: host.fake.appSecret,
      botOpenId: host.fake.botOpenId,
      botName: host.fake.botName,
    },
    limiter: host.limiter,
    pathParam: decodeURIComponent(match?.[1] ?? ""),
    pathParam2: decodeURIComponent(match?.[2] ?? ""),
    query,
    body: (body ?? {}) as Record<string, unknown>,
    file,
  };
  try {
    if (route.endpoint !== "token") host.state.checkToken(headers.authorization);
    const payload = handlers[route.endpoint](ctx);
    if (fault?.type === "lost_response") {
      record.status = -1;
      record.response = payload;
      res.socket?.destroy();
      return;
    }
    if (
      payload &&
      typeof payload === "object" &&
      "binary" in payload &&
      payload.binary instanceof Uint8Array
    ) {
      record.status = 200;
      record.response = { bytes: payload.binary.length };
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": String(payload.binary.length),
      });
      res.end(Buffer.from(payload.binary));
      return;
    }
    reply(200, payload);
  } catch (err) {
    if (err instanceof FeishuError) return fail(err);
    throw err;
  }
}
