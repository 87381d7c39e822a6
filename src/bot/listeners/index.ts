import type { ListenerDef } from "../registry";
import { botAddedListener } from "./bot-added";
import { botRemovedListener } from "./bot-removed";
import { chatDisbandedListener } from "./chat-disbanded";
import { usersAddedListener } from "./users-added";
import { usersRemovedListener } from "./users-removed";

/** Listeners for membership and chat events, by kind. Add a line per listener. */
export const listeners: ListenerDef[] = [
  botAddedListener as ListenerDef,
  botRemovedListener as ListenerDef,
  usersAddedListener as ListenerDef,
  usersRemovedListener as ListenerDef,
  chatDisbandedListener as ListenerDef,
];
