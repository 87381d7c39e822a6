import notice from "../../cards/notice.json";
import nudge from "../../cards/nudge.json";

/**
 * Every card template, imported as a JSON module (Workers has no fs). Add one line per template.
 */
export const cardTemplates: Record<string, unknown> = {
  notice,
  nudge,
};
