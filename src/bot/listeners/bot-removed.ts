import { onChatGone } from "../../members/leave";
import type { ListenerDef } from "../registry";

/** The bot was removed from a group: the chat is no longer live; the office is told, roles are kept. */
export const botRemovedListener: ListenerDef<"bot_removed"> = {
  kind: "bot_removed",
  name: "members.bot_removed",
  run: (ctx, ev) =>
    onChatGone(ctx.deps, { eventId: ev.eventId, chatId: ev.chatId, disbanded: false }, ctx.now),
};
