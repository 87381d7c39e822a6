import type { CardActionDef } from "../registry";
import { bindDecideAction } from "./bind-decide";
import { bulletinEditAction } from "./bulletin-edit";
import { bulletinPublishAction } from "./bulletin-publish";
import { chatPlanAction } from "./chat-plan";
import { coordAction } from "./coord";
import { evidenceAction } from "./evidence";
import { fillAction } from "./fill";
import { leadViewAction } from "./lead-view";
import { mappingPageAction } from "./mapping-page";
import { mappingSubmitAction } from "./mapping-submit";
import { memberProposeAction } from "./member-propose";
import { overviewAction } from "./overview";
import { planCloseAction } from "./plan-close";
import { planDraftAction } from "./plan-draft";
import { shortcutAction } from "./shortcut";
import { statusPageAction } from "./status-page";
import { submitAction } from "./submit";
import { summaryDraftAction } from "./summary-draft";

/** Every card action, one file each. Add a line per action. */
export const cardActions: CardActionDef[] = [
  mappingSubmitAction,
  mappingPageAction,
  memberProposeAction,
  bindDecideAction,
  chatPlanAction,
  fillAction,
  submitAction,
  shortcutAction,
  evidenceAction,
  overviewAction,
  leadViewAction,
  statusPageAction,
  bulletinPublishAction,
  bulletinEditAction,
  summaryDraftAction,
  coordAction,
  planDraftAction,
  planCloseAction,
];
