import { onChatGone } from "../../members/leave";
import type { ListenerDef } from "../registry";

/** The chat was disbanded: its members are gone; units left without a liaison are reported to the office. */
export const chatDisbandedListener: ListenerDef<"chat_disbanded"> = {
  kind: "chat_disbanded",
  name: "members.chat_disbanded",
  run: (ctx, ev) =>
    onChatGone(ctx.deps, { eventId: ev.eventId, chatId: ev.chatId, disbanded: true }, ctx.now),
};
