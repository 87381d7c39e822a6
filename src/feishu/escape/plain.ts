import { dropControls } from "../../domain/escape/controls";

/**
 * Card `plain_text` fields (titles, button labels, placeholders, form defaults) and card-callback toasts are shown
 * as typed: Feishu parses no markup there, so only invisible controls are dropped.
 */
export function plainLiteral(s: string): string {
  return dropControls(s);
}
