import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock } from "../../kernel/clock";
import { MAX_BODY_BYTES, parseBody } from "./body";
import { WindowLimiter } from "./limits";
import { handlers, type RouteContext, routes } from "./routes";
import { FakeState, FeishuError } from "./state";

/** Who the stand-in's app and bot are: the playground generates them; the bot's config carries the same. */
export interface StandInIdentity {
  appId: string;
  appSecret: string;
  botOpenId: string;
  botName: string;
}

export interface StandIn {
  /** Base URL (FEISHU_DOMAIN) on 127.0.0.1. */
  url: string;
  identity: StandInIdentity;
  /** People, chats, messages and files as the Open Platform would hold them; the playground page reads these. */
  state: FakeState;
  close(): Promise<void>;
}

/**
 * A Feishu Open Platform stand-in on loopback: the subset of the Open API duban calls (token, bot info, messages,
 * reply, patch, urgent, files, chat members, contact users, delayed card updates), answered with Feishu's shapes
 * so the real SDK client works against it unchanged.
 */
export async function startStandIn(identity: StandInIdentity): Promise<StandIn> {
  const state = new FakeState(() => systemClock.now().getTime(), false, 7200);
  const limiter = new WindowLimiter(() => systemClock.now().getTime(), {});
  const server: Server = createServer((req, res) => {
    answer(req, state, limiter, identity)
      .then(({ status, payload }) => {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(payload));
      })
      .catch((err) => {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ code: 1500, msg: `stand-in: ${String(err)}` }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    identity,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(
  req: IncomingMessage,
  state: FakeState,
  limiter: WindowLimiter,
  identity: StandInIdentity,
): Promise<{ status: number; payload: unknown }> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = (req.method ?? "GET").toUpperCase();
  const route = routes.find((r) => r.method === method && r.re.test(url.pathname));
  if (!route) return { status: 404, payload: { code: 404, msg: "404 page not found" } };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Uint8Array).length;
    if (size > MAX_BODY_BYTES) return { status: 413, payload: { code: 413, msg: "request too large" } };
    chunks.push(chunk as Uint8Array);
  }
  const { body, file } = await parseBody(Buffer.concat(chunks), String(req.headers["content-type"] ?? ""));
  const ctx: RouteContext = {
    state,
    opts: identity,
    limiter,
    pathParam: decodeURIComponent(route.re.exec(url.pathname)?.[1] ?? ""),
    query: Object.fromEntries(url.searchParams),
    body: body ?? {},
    ...(file ? { file } : {}),
  };
  try {
    if (route.endpoint !== "token") state.checkToken(req.headers.authorization);
    return { status: 200, payload: handlers[route.endpoint](ctx) };
  } catch (err) {
    if (!(err instanceof FeishuError)) throw err;
    return {
      status: err.status,
      payload: { code: err.code, msg: err.message, error: { log_id: "stand-in" } },
    };
  }
}
