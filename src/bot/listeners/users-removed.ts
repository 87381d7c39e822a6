import { onUsersRemoved } from "../../members/leave";
import type { ListenerDef } from "../registry";

/** People left or were removed: a liaison gone from every chat of the plan loses the role; the office is told. */
export const usersRemovedListener: ListenerDef<"users_removed"> = {
  kind: "users_removed",
  name: "members.users_removed",
  run: (ctx, ev) => onUsersRemoved(ctx.deps, ev, ctx.now),
};
