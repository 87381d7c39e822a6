import leadView from "../../cards/lead-view.json";
import notice from "../../cards/notice.json";
import overview from "../../cards/overview.json";
import summaryForm from "../../cards/summary-form.json";
import taskForm from "../../cards/task-form.json";

/**
 * Every card template, imported as a JSON module (Workers has no fs). Add one line per template.
 */
export const cardTemplates: Record<string, unknown> = {
  notice,
  overview,
  "task-form": taskForm,
  "summary-form": summaryForm,
  "lead-view": leadView,
};
