import { onUsersAdded } from "../../members/chat";
import type { ListenerDef } from "../registry";

/** People joined: keep chat_members current; a newcomer matching the roster is proposed to the office. */
export const usersAddedListener: ListenerDef<"users_added"> = {
  kind: "users_added",
  name: "members.users_added",
  run: (ctx, ev) =>
    onUsersAdded(ctx.deps, { eventId: ev.eventId, chatId: ev.chatId, users: ev.users }, ctx.now),
};
