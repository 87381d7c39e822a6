import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../kernel/logger";
import { sdkDomain } from "./client";
import { decryptEvent } from "./decrypt";
import { envelopeSchema } from "./envelopes";
import type { Inbound } from "./inbound";

/**
 * Long connection (FEISHU_MODE=ws): the SDK's WSClient fetches POST {domain}/callback/ws/endpoint with the app's
 * id and secret, then keeps a websocket exchanging protobuf frames (pbbp2). Events and card.action.trigger
 * callbacks both arrive as "event" frames; whatever the dispatcher returns is sent back, base64 JSON, in the
 * ack frame: that is how a card action's {toast, card} answer reaches Feishu.
 *
 * The channel is authenticated by the app credentials, so there is no signature or token to check; the same
 * normalization, dedup and BotHandler as the webhook run. Node only (the SDK's websocket): entry/node.ts starts it.
 */

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  /** "feishu", "lark", or a base URL (tests point it at a fake endpoint). */
  domain: string;
  encryptKey: string | undefined;
  inbound: Inbound;
  logger: Logger;
  onReady?: () => void;
}

export interface LongConnection {
  close(): void;
  state(): string;
}

/** What one frame's payload (the envelope JSON) turns into: the ack's data, or a thrown error (ack code 500). */
export async function handleFramePayload(
  data: unknown,
  inbound: Inbound,
  encryptKey: string | undefined,
  logger: Logger,
): Promise<unknown> {
  let body = data;
  if (body && typeof body === "object" && typeof (body as { encrypt?: unknown }).encrypt === "string") {
    if (!encryptKey) throw new Error("encrypted frame but FEISHU_ENCRYPT_KEY is not set");
    body = JSON.parse(await decryptEvent(encryptKey, (body as { encrypt: string }).encrypt));
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    logger.warn(
      { issue: envelope.error.issues[0]?.message },
      "long connection: not a schema 2.0 envelope; ignored",
    );
    return undefined;
  }
  const result = await inbound.dispatch(envelope.data);
  if (result.status >= 500) throw new Error("error" in result.body ? result.body.error : "unavailable");
  if (result.kind === "card" && result.status === 200) return result.body;
  return undefined;
}

/** Starts the WSClient; returns at once (the SDK connects and reconnects in the background). */
export function startLongConnection(opts: LongConnectionOptions): LongConnection {
  const sdkLogger = sdkLoggerFrom(opts.logger.child({ part: "feishu.ws" }));
  // The SDK calls eventDispatcher.invoke(frameJson, {needCheck:false}) for every event frame.
  class Dispatcher extends lark.EventDispatcher {
    override async invoke(data: unknown): Promise<unknown> {
      return handleFramePayload(data, opts.inbound, opts.encryptKey, opts.logger);
    }
  }
  const dispatcher = new Dispatcher({ logger: sdkLogger, loggerLevel: lark.LoggerLevel.warn });
  const client = new lark.WSClient({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: sdkDomain(opts.domain),
    logger: sdkLogger,
    loggerLevel: lark.LoggerLevel.info,
    onReady: () => {
      opts.logger.info("long connection ready");
      opts.onReady?.();
    },
    onError: (err) => opts.logger.error({ err: err.message }, "long connection failed"),
    onReconnecting: () => opts.logger.warn("long connection lost; reconnecting"),
    onReconnected: () => opts.logger.info("long connection re-established"),
  });
  void client.start({ eventDispatcher: dispatcher });
  return {
    close: () => client.close({ force: true }),
    state: () => client.getConnectionStatus().state,
  };
}

function sdkLoggerFrom(logger: Logger): lark.Logger {
  const line = (args: unknown[]) =>
    args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  return {
    error: (...args: unknown[]) => logger.error({ sdk: line(args) }, "lark sdk"),
    warn: (...args: unknown[]) => logger.warn({ sdk: line(args) }, "lark sdk"),
    info: (...args: unknown[]) => logger.info({ sdk: line(args) }, "lark sdk"),
    debug: (...args: unknown[]) => logger.debug({ sdk: line(args) }, "lark sdk"),
    trace: (...args: unknown[]) => logger.trace({ sdk: line(args) }, "lark sdk"),
  };
}
