import { type Action, archivedRefusal, can, type Grant } from "../domain/permissions";
import type { OutMessage } from "../kernel/messages";
import type { Person } from "../kernel/messenger";
import { Refusal } from "../kernel/refusal";
import type { OutboxItem } from "../outbox/ports";
import type { BotDeps } from "./deps";
import type { CardActionEvent, MessageEvent } from "./events";

/** What every handler gets: the ports, the time, and a way to send through the outbox. */
export interface BaseContext {
  deps: BotDeps;
  now: Date;
  /** Enqueue outbox items (sends happen later, exactly once). */
  enqueue(items: OutboxItem[]): Promise<number>;
}

export interface CommandContext extends BaseContext {
  event: MessageEvent;
  command: { name: string; typed: string };
  args: string[];
  argText: string;
  mentions: Person[];
  /** The plan this chat (or this person, in p2p) works on; undefined when none could be chosen. */
  planId: string | undefined;
  grants: Grant[];
  can(action: Action, target?: { unitId: number }): boolean;
  /** Replies in the chat, quoting the command. Keys derive from the event id, so a redelivery sends nothing new. */
  reply(message: OutMessage | string): Promise<void>;
}

export interface CardContext extends BaseContext {
  event: CardActionEvent;
  value: Record<string, unknown>;
  planId: string | undefined;
  grants: Grant[];
  can(action: Action, target?: { unitId: number }): boolean;
}

export type ListenerContext = BaseContext;

export function toMessage(message: OutMessage | string): OutMessage {
  return typeof message === "string" ? { type: "text", text: message } : message;
}

/**
 * The handlers' permission check. A write allowed by role on an archived plan throws the archive's refusal,
 * so a sub-command (/goals report, /plan close) is refused with the same words as a whole command.
 */
export function makeCan(grants: Grant[], archivedOn?: string) {
  return (action: Action, target?: { unitId: number }) => {
    if (!can(grants, action, target)) return false;
    const archived = archivedRefusal(action, archivedOn);
    if (archived) throw new Refusal(archived);
    return true;
  };
}
