/**
 * Reading rendered Card JSON 2.0 the way a person (and Feishu) sees it: buttons with the value a click sends
 * back, form inputs by label, and the text with markdown entities decoded.
 */

export interface CardButton {
  label: string;
  value: Record<string, unknown>;
  /** True for a form's submit button (its click carries the form's values). */
  submit: boolean;
}

function walk(card: unknown, visit: (o: Record<string, unknown>) => void): void {
  const go = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(go);
    else if (v && typeof v === "object") {
      visit(v as Record<string, unknown>);
      Object.values(v).forEach(go);
    }
  };
  go(card);
}

export function cardButtons(card: unknown): CardButton[] {
  const out: CardButton[] = [];
  walk(card, (o) => {
    if (o.tag !== "button") return;
    const label = String((o.text as { content?: unknown } | undefined)?.content ?? "");
    const cb = (o.behaviors as { type: string; value: Record<string, unknown> }[] | undefined)?.find(
      (b) => b.type === "callback",
    );
    const value = cb?.value ?? (o.value as Record<string, unknown> | undefined);
    if (value) out.push({ label, value, submit: o.form_action_type === "submit" });
  });
  return out;
}

export function cardButton(card: unknown, label: string, nth = 0): CardButton {
  const found = cardButtons(card).filter((b) => b.label === label)[nth];
  if (!found) throw new Error(`no button「${label}」#${nth}: ${cardButtons(card).map((b) => b.label)}`);
  return found;
}

/** The name of the form input (input, select) whose label starts with `label`. */
export function cardInputName(card: unknown, label: string): string {
  let name: string | undefined;
  walk(card, (o) => {
    const text =
      (o.label as { content?: unknown } | undefined)?.content ??
      (o.placeholder as { content?: unknown } | undefined)?.content;
    if (typeof o.name === "string" && typeof text === "string" && text.startsWith(label) && !name)
      name = o.name;
  });
  if (!name) throw new Error(`no input labelled ${label}`);
  return name;
}

/** The card as text a person reads: markdown entities decoded (Feishu shows &#40; as "("). */
export function cardShown(card: unknown): string {
  return JSON.stringify(card).replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}
