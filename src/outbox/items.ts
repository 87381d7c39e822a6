import * as z from "zod";
import type { MessageRef } from "../kernel/messages";
import type { Outbox, OutboxItem, PlannedSend } from "./ports";

/**
 * Rules about outbox items shared by the store (at enqueue) and the dispatcher (at send): which rate-limit
 * bucket an item falls in, which earlier row it waits for, and the schema a stored payload must match.
 */

/**
 * The rate-limit bucket: a send goes to a chat (`chat:<id>`) or a user (`user:<open_id>`); a reply, patch or
 * urgent acts on a message, known by id (`msg:<id>`) or by the outbox key that sent it (`key:<key>`).
 * Feishu limits card updates per message (5 QPS), so patches are keyed by message. The store files a reply
 * to an outbox-sent message under that message's own chat or user bucket when it knows it.
 */
export function outboxBucket(item: OutboxItem): string {
  switch (item.kind) {
    case "send":
      return "chatId" in item.to ? `chat:${item.to.chatId}` : `user:${item.to.openId}`;
    case "reply":
      return refBucket(item.replyTo);
    case "patch":
    case "urgent":
      return refBucket(item.target);
  }
}

function refBucket(ref: MessageRef): string {
  return "messageId" in ref ? `msg:${ref.messageId}` : `key:${ref.outboxKey}`;
}

/** Enqueues what a step of the tick planned to send; returns how many rows were new. */
export async function enqueuePlanned(
  outbox: Pick<Outbox, "enqueue">,
  sends: readonly PlannedSend[],
): Promise<number> {
  return sends.length > 0 ? outbox.enqueue(sends.map((s) => s.item)) : 0;
}

/** The outbox key whose message this item acts on, if it names one. */
export function dependencyOf(item: OutboxItem): string | undefined {
  const ref = item.kind === "reply" ? item.replyTo : item.kind === "send" ? undefined : item.target;
  return ref && "outboxKey" in ref ? ref.outboxKey : undefined;
}

const cardRef = z.object({ template: z.string().min(1), data: z.record(z.string(), z.unknown()) });
const outMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("card"), card: cardRef }),
  z.object({
    type: z.literal("file"),
    fileName: z.string().min(1),
    fileType: z.enum(["xls", "pdf", "doc", "stream"]),
    base64: z.string(),
  }),
]);
const recipient = z.union([z.object({ chatId: z.string().min(1) }), z.object({ openId: z.string().min(1) })]);
const messageRef = z.union([
  z.object({ messageId: z.string().min(1) }),
  z.object({ outboxKey: z.string().min(1) }),
]);
const common = {
  key: z.string().min(1),
  purpose: z.string(),
  planId: z.string().nullish(),
};

/** A stored payload, checked before it is sent (a row written by an older version, or edited by hand). */
export const outboxItemSchema = z.discriminatedUnion("kind", [
  z.object({ ...common, kind: z.literal("send"), to: recipient, message: outMessage }),
  z.object({
    ...common,
    kind: z.literal("reply"),
    replyTo: messageRef,
    message: outMessage,
    inThread: z.boolean().optional(),
  }),
  z.object({ ...common, kind: z.literal("patch"), target: messageRef, card: cardRef }),
  z.object({
    ...common,
    kind: z.literal("urgent"),
    target: messageRef,
    openIds: z.array(z.string().min(1)).min(1),
  }),
]);
