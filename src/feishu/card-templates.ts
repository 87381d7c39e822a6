import audit from "../../cards/audit.json";
import bindRequest from "../../cards/bind-request.json";
import bulletin from "../../cards/bulletin.json";
import bulletinEdit from "../../cards/bulletin-edit.json";
import bulletinPreview from "../../cards/bulletin-preview.json";
import bulletinTargets from "../../cards/bulletin-targets.json";
import coordItem from "../../cards/coord-item.json";
import entryForm from "../../cards/entry-form.json";
import evidencePick from "../../cards/evidence-pick.json";
import leadView from "../../cards/lead-view.json";
import mapping from "../../cards/mapping.json";
import memberProposal from "../../cards/member-proposal.json";
import notice from "../../cards/notice.json";
import nudge from "../../cards/nudge.json";
import overview from "../../cards/overview.json";
import planChoose from "../../cards/plan-choose.json";
import planDraft from "../../cards/plan-draft.json";
import statusGlance from "../../cards/status-glance.json";
import statusMissing from "../../cards/status-missing.json";
import statusOverview from "../../cards/status-overview.json";
import statusRemind from "../../cards/status-remind.json";
import statusTask from "../../cards/status-task.json";
import statusUnit from "../../cards/status-unit.json";
import summaryForm from "../../cards/summary-form.json";
import taskForm from "../../cards/task-form.json";
import units from "../../cards/units.json";
import who from "../../cards/who.json";

/**
 * Every card template, imported as a JSON module (Workers has no fs). Add one line per template.
 */
export const cardTemplates: Record<string, unknown> = {
  notice,
  nudge,
  bulletin,
  "bulletin-edit": bulletinEdit,
  "bulletin-preview": bulletinPreview,
  "bulletin-targets": bulletinTargets,
  "status-overview": statusOverview,
  "status-unit": statusUnit,
  "status-task": statusTask,
  "status-glance": statusGlance,
  "status-missing": statusMissing,
  "status-remind": statusRemind,
  mapping,
  "member-proposal": memberProposal,
  "bind-request": bindRequest,
  "plan-choose": planChoose,
  "plan-draft": planDraft,
  who,
  units,
  audit,
  overview,
  "task-form": taskForm,
  "summary-form": summaryForm,
  "entry-form": entryForm,
  "evidence-pick": evidencePick,
  "lead-view": leadView,
  "coord-item": coordItem,
};
