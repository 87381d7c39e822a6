import type { ListenerDef } from "../registry";

/** Listeners for membership and chat events, by kind. Add a line per listener. */
export const listeners: ListenerDef[] = [];
