import type { CardActionDef } from "../registry";

/** Every card action, one file each. Add a line per action. */
export const cardActions: CardActionDef[] = [];
