import bulletin from "../../cards/bulletin.json";
import notice from "../../cards/notice.json";
import nudge from "../../cards/nudge.json";
import statusMissing from "../../cards/status-missing.json";
import statusOverview from "../../cards/status-overview.json";
import statusRemind from "../../cards/status-remind.json";
import statusTask from "../../cards/status-task.json";
import statusUnit from "../../cards/status-unit.json";

/**
 * Every card template, imported as a JSON module (Workers has no fs). Add one line per template.
 */
export const cardTemplates: Record<string, unknown> = {
  notice,
  nudge,
  bulletin,
  "status-overview": statusOverview,
  "status-unit": statusUnit,
  "status-task": statusTask,
  "status-missing": statusMissing,
  "status-remind": statusRemind,
};
