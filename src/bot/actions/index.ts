import type { CardActionDef } from "../registry";
import { fillAction } from "./fill";
import { leadViewAction } from "./lead-view";
import { overviewAction } from "./overview";
import { submitAction } from "./submit";

/** Every card action, one file each. Add a line per action. */
export const cardActions: CardActionDef[] = [fillAction, submitAction, overviewAction, leadViewAction];
