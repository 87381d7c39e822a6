import audit from "../../cards/audit.json";
import bindRequest from "../../cards/bind-request.json";
import mapping from "../../cards/mapping.json";
import memberProposal from "../../cards/member-proposal.json";
import notice from "../../cards/notice.json";
import planChoose from "../../cards/plan-choose.json";
import units from "../../cards/units.json";
import who from "../../cards/who.json";

/**
 * Every card template, imported as a JSON module (Workers has no fs). Add one line per template.
 */
export const cardTemplates: Record<string, unknown> = {
  notice,
  mapping,
  "member-proposal": memberProposal,
  "bind-request": bindRequest,
  "plan-choose": planChoose,
  who,
  units,
  audit,
};
