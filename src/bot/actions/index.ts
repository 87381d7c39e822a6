import type { CardActionDef } from "../registry";
import { bindDecideAction } from "./bind-decide";
import { chatPlanAction } from "./chat-plan";
import { mappingSubmitAction } from "./mapping-submit";
import { memberProposeAction } from "./member-propose";

/** Every card action, one file each. Add a line per action. */
export const cardActions: CardActionDef[] = [
  mappingSubmitAction,
  memberProposeAction,
  bindDecideAction,
  chatPlanAction,
];
