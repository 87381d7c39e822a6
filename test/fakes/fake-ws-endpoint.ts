import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { decodeFrame, encodeFrame, FRAME_CONTROL, FRAME_DATA, type Frame, header } from "./fake-ws-frames";

/**
 * A fake of Feishu's long-connection gateway on loopback, speaking what @larksuiteoapi/node-sdk's WSClient speaks:
 * POST /callback/ws/endpoint {AppID, AppSecret} → {code:0, data:{URL, ClientConfig}}; then a websocket carrying
 * protobuf frames. The fake pushes events as data frames (type "event", split into `sum` fragments if asked) and
 * resolves with the client's ack ({code, data: base64 JSON}); it answers pings with pongs.
 */

export interface Ack {
  code: number;
  /** The decoded answer the client put in the ack (a card action's {toast, card}), if any. */
  data?: unknown;
}

export interface FakeWsEndpoint {
  /** Base URL to give the SDK as its domain. */
  url: string;
  endpointCalls: Array<{ AppID?: string; AppSecret?: string }>;
  pings: number;
  /** Resolves when a client is connected and listening (its first ping arrived); the next one after a disconnect. */
  connected(): Promise<void>;
  /** Pushes an envelope as an event frame and waits for the client's ack. */
  push(envelope: unknown, opts?: { fragments?: number; timeoutMs?: number }): Promise<Ack>;
  /** Drops the current connection (the SDK reconnects). */
  disconnect(): void;
  close(): Promise<void>;
}

export async function startFakeWsEndpoint(
  opts: { appId?: string; appSecret?: string; serviceId?: number } = {},
): Promise<FakeWsEndpoint> {
  const serviceId = opts.serviceId ?? 33;
  const endpointCalls: FakeWsEndpoint["endpointCalls"] = [];
  let socket: WebSocket | undefined;
  let waiters: Array<() => void> = [];
  const acks = new Map<string, (ack: Ack) => void>();
  let seq = 0;
  const state = { pings: 0 };

  const server: Server = createServer(async (req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/callback/ws/endpoint")) {
      const body = JSON.parse((await readAll(req)) || "{}") as { AppID?: string; AppSecret?: string };
      endpointCalls.push(body);
      res.setHeader("content-type", "application/json");
      if (
        (opts.appId && body.AppID !== opts.appId) ||
        (opts.appSecret && body.AppSecret !== opts.appSecret)
      ) {
        res.end(JSON.stringify({ code: 514, msg: "auth failed", data: {} }));
        return;
      }
      const { port } = server.address() as AddressInfo;
      res.end(
        JSON.stringify({
          code: 0,
          msg: "ok",
          data: {
            URL: `ws://127.0.0.1:${port}/ws?device_id=fake-device&service_id=${serviceId}`,
            ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
          },
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ code: 404, msg: "not found" }));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, sock, head) => {
    if (!req.url?.startsWith("/ws")) return sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      ws.on("message", (raw: Buffer) => onFrame(ws, decodeFrame(new Uint8Array(raw))));
    });
  });

  function onFrame(ws: WebSocket, frame: Frame) {
    const type = header(frame, "type");
    if (frame.method === FRAME_CONTROL && type === "ping") {
      state.pings++;
      // The client pings as soon as it is open and listens right after: its first ping means "ready".
      if (socket !== ws) {
        socket = ws;
        for (const w of waiters) w();
        waiters = [];
      }
      const pong = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 };
      ws.send(
        encodeFrame({
          ...frame,
          headers: [{ key: "type", value: "pong" }],
          payload: new TextEncoder().encode(JSON.stringify(pong)),
        }),
      );
      return;
    }
    if (frame.method === FRAME_DATA) {
      const id = header(frame, "message_id");
      const resolve = id ? acks.get(id) : undefined;
      if (!resolve || !id) return;
      acks.delete(id);
      const body = JSON.parse(new TextDecoder().decode(frame.payload ?? new Uint8Array())) as {
        code: number;
        data?: string;
      };
      resolve({
        code: body.code,
        ...(body.data ? { data: JSON.parse(Buffer.from(body.data, "base64").toString("utf8")) } : {}),
      });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    endpointCalls,
    get pings() {
      return state.pings;
    },
    connected() {
      if (socket && socket.readyState === socket.OPEN) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    push(envelope, { fragments = 1, timeoutMs = 5000 } = {}) {
      const ws = socket;
      if (!ws) return Promise.reject(new Error("no client connected"));
      const messageId = `msg_${++seq}_${Date.now()}`;
      const bytes = new TextEncoder().encode(JSON.stringify(envelope));
      const size = Math.ceil(bytes.length / fragments);
      const ack = new Promise<Ack>((resolve, reject) => {
        const timer = setTimeout(() => {
          acks.delete(messageId);
          reject(new Error(`no ack for ${messageId} within ${timeoutMs} ms`));
        }, timeoutMs);
        acks.set(messageId, (a) => {
          clearTimeout(timer);
          resolve(a);
        });
      });
      for (let i = 0; i < fragments; i++) {
        ws.send(
          encodeFrame({
            SeqID: seq,
            LogID: seq,
            service: serviceId,
            method: FRAME_DATA,
            headers: [
              { key: "type", value: "event" },
              { key: "message_id", value: messageId },
              { key: "sum", value: String(fragments) },
              { key: "seq", value: String(i) },
              { key: "trace_id", value: `trace_${seq}` },
            ],
            payload: bytes.subarray(i * size, (i + 1) * size),
          }),
        );
      }
      return ack;
    },
    disconnect() {
      socket?.terminate();
      socket = undefined;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      data += c;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
