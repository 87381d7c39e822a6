import type { ServerResponse } from "node:http";
import type { Endpoint, Fault, FaultOptions } from "../../src/playground/stand-in/types";
import type { FakeFeishu } from "./fake-feishu";

/**
 * A small control API for a standalone fake (`npm run fake-feishu`), under /_fake/:
 *   GET  /_fake/calls[?endpoint=send]            every recorded call
 *   GET  /_fake/messages[?chatId=…|openId=…]     messages the bot created
 *   POST /_fake/chats {chatId, members, name}    seed a group chat
 *   POST /_fake/users {openId, name}             seed a user
 *   POST /_fake/faults {endpoint, fault, times, rate}
 *   POST /_fake/expire-tokens, POST /_fake/reset
 */
export function handleControl(
  fake: FakeFeishu,
  method: string,
  url: URL,
  raw: Buffer,
  res: ServerResponse,
): void {
  const send = (status: number, payload: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(payload, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)));
  };
  let body: Record<string, unknown>;
  try {
    body = raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {};
  } catch {
    send(400, { error: "body is not JSON" });
    return;
  }
  const q = Object.fromEntries(url.searchParams);
  const route = `${method} ${url.pathname}`;
  try {
    const result = run(fake, route, q, body);
    if (result === undefined) send(404, { error: `no control route ${route}` });
    else send(200, result);
  } catch (err) {
    send(400, { error: String(err) });
  }
}

function run(
  fake: FakeFeishu,
  route: string,
  q: Record<string, string>,
  body: Record<string, unknown>,
): unknown {
  switch (route) {
    case "GET /_fake/calls":
      return fake.calls(q.endpoint as Endpoint | undefined);
    case "GET /_fake/messages":
      return fake.sent({ chatId: q.chatId, openId: q.openId });
    case "POST /_fake/chats":
      return fake.addChat(
        String(body.chatId),
        (body.members as string[]) ?? [],
        body.name as string | undefined,
      );
    case "POST /_fake/users":
      return fake.addUser(body as { openId: string; name?: string });
    case "POST /_fake/faults":
      fake.inject(body.endpoint as Endpoint, body.fault as Fault, body as FaultOptions);
      return { ok: true };
    case "POST /_fake/expire-tokens":
      fake.expireTokens();
      return { ok: true };
    case "POST /_fake/reset":
      fake.reset();
      return { ok: true };
    default:
      return undefined;
  }
}
