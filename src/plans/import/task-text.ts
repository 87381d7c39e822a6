/**
 * A task's own words: what it asks, apart from the units (and the deadline) it names in brackets, labels
 * or role phrases at its end.
 */

import type { Warnings } from "./lines";
import { ROUND_OR_SQUARE, splitTopLevel, topLevelSpans, trimPunct } from "./text";
import {
  bracketDeadline,
  DEADLINE_LABEL,
  deadlineLabelIndex,
  deadlinePhrase,
  parseUnitsAndDeadline,
  saysOnlyWhen,
} from "./unit-deadline";
import {
  hasLabel,
  hasLabelSpec,
  looksLikeUnit,
  parseBareUnits,
  parseCarryForward,
  parseLabelled,
  parseRolePhrase,
  parseToken,
  parseUnitSpec,
  topLevelLabelIndex,
  type UnitRef,
} from "./unit-specs";

/**
 * Nothing but punctuation follows, or only the task's own sub-items do: "…[X牵头，Y负责](1)…；(2)…" names the
 * units of the task whose first line it ends.
 */
function isTrailing(rest: string): boolean {
  // "（市A牵头；市B配合）（2024年）": a bracket after the units that only says when does not end the task's text.
  const after = rest.replace(/[(（]([^()（）]{1,20})[)）]/g, (all, inner: string) =>
    saysOnlyWhen(inner) ? "" : all,
  );
  return /^[\s。；;，,.]*(?:$|(?:[(（]\d{1,2}[)）]|\d{1,2}[)）.．]|[①-⑳]))/.test(after);
}

export const unlabelledWarning = (inner: string) =>
  `括号「${inner}」中的单位未标明牵头/责任/配合，按责任单位读入`;

/** Splits a task's text into what it asks and the units it names. */
export function splitTaskText(
  input: string,
  line: number,
  warnings: Warnings,
): { text: string; refs: UnitRef[]; deadlines: string[] } {
  let text = input;
  const refs: UnitRef[] = [];
  const deadlines: string[] = [];
  // 1. A label outside brackets: "…。【牵头单位】市A【责任单位】市B" / "…。牵头单位：市A", the deadline's
  // among them or before them ("【完成时限】2024年底前【主办单位】市A").
  const unitAt = topLevelLabelIndex(text);
  // "各责任单位于每月10日前报送" is prose about units: the label words glued to the word before them.
  const glued =
    unitAt > 0 && /\p{Script=Han}/u.test(text.charAt(unitAt - 1)) && !hasLabelSpec(text.slice(unitAt));
  const dueAt = deadlineLabelIndex(text);
  const at = Math.min(...[glued ? -1 : unitAt, dueAt].filter((i) => i >= 0));
  if (Number.isFinite(at)) {
    const rest = text.slice(at);
    const mixed = parseUnitsAndDeadline(rest, line);
    // A deadline alone: only its words follow the label ("【完成时限】2024年6月底前。").
    const due = at === dueAt && !mixed ? deadlinePhrase(rest.replace(DEADLINE_LABEL, "")) : null;
    if (mixed) deadlines.push(...mixed.deadlines);
    if (due) deadlines.push(due);
    const spec = mixed?.refs ?? (due ? [] : at === unitAt ? parseLabelled(rest, line) : null);
    if (spec) {
      refs.push(...spec);
      text = text.slice(0, at);
    }
  }
  // 2. Brackets, last first so earlier indices stay valid.
  const spans = topLevelSpans(text).filter((s) => ROUND_OR_SQUARE.has(s.open));
  for (const span of [...spans].reverse()) {
    const inner = span.inner;
    const trailing = isTrailing(text.slice(span.end));
    // "【完成时限：2024年9月底前】", "（2024年6月底前完成）" at the end: the task's deadline, not its text. Taken
    // out first, it no longer hides a units bracket before it from being the task's end.
    const due = trailing ? bracketDeadline(inner) : null;
    if (due) {
      deadlines.unshift(due);
      text = text.slice(0, span.start) + text.slice(span.end);
      continue;
    }
    let spec: UnitRef[] | null = null;
    const mixed = trailing || hasLabel(inner) ? parseUnitsAndDeadline(inner, line) : null;
    if (mixed) {
      spec = mixed.refs;
      deadlines.unshift(...mixed.deadlines);
      if (mixed.unlabelled) warnings.push({ line, message: unlabelledWarning(inner) });
    } else if (hasLabel(inner)) spec = parseUnitSpec(inner, line);
    else if (trailing && !parseCarryForward(inner)) {
      spec = parseRolePhrase(inner, line);
      if (!spec) {
        spec = parseBareUnits(inner, line);
        if (spec) warnings.push({ line, message: unlabelledWarning(inner) });
        else if (splitTopLevel(inner, "、,，;；").some((t) => looksLikeUnit(parseToken(t).name)))
          warnings.push({ line, message: `无法识别的括号「${inner}」，保留在任务文字中` });
      }
    }
    if (spec) {
      refs.unshift(...spec);
      text = text.slice(0, span.start) + text.slice(span.end);
    } else if (hasLabel(inner)) warnings.push({ line, message: `无法读出括号「${inner}」中的单位` });
  }
  // 2b. A deadline label the units bracket after it kept from ending the text, now that the bracket is out:
  // "…。完成时限：2024年6月底前（牵头单位：市A）".
  const lateDue = deadlineLabelIndex(text);
  const late = lateDue >= 0 ? deadlinePhrase(text.slice(lateDue).replace(DEADLINE_LABEL, "")) : null;
  if (late) {
    if (!deadlines.includes(late)) deadlines.push(late);
    text = text.slice(0, lateDue);
  }
  // 3. A role phrase ending the text: "…,市发改委牵头,市经信局、市财政局配合。"
  const body = text.replace(/[\s。；;]+$/, "");
  const sentenceStart = Math.max(...["。", "；", ";"].map((p) => body.lastIndexOf(p))) + 1;
  const parts = splitTopLevel(body.slice(sentenceStart), ",，");
  let k = parts.length;
  while (k > 0 && parseRolePhrase(parts.slice(k - 1).join(","), line)) k--;
  if (k < parts.length) {
    const phrase = parts.slice(k).join(",");
    refs.push(...(parseRolePhrase(phrase, line) ?? []));
    const cut = body.lastIndexOf(parts[k] ?? phrase);
    text = `${trimPunct(body.slice(0, cut))}。`;
  }
  text = text.replace(/\s+$/, "").replace(/^[\s,，]+/, "");
  if (/[，,；;]$/.test(text)) text = `${text.slice(0, -1)}。`;
  return { text, refs, deadlines };
}

/** The text inside a line that is one bracket: "（X负责；长期坚持）" → "X负责；长期坚持"; null for any other line. */
function insideBracket(text: string): string | null {
  const t = text.trim().replace(/[。；;]+$/, "");
  const spans = topLevelSpans(t);
  const only = spans[0];
  return spans.length === 1 && only?.start === 0 && only.end === t.length ? only.inner : null;
}

/** The line without the one bracket it is written in, or the line as it is. */
export function unbracketed(text: string): string {
  return insideBracket(text) ?? text.trim();
}

/** A line that is one bracket naming units, with or without a deadline: "（市A、市B按职责分工负责；持续推进）". */
export function isUnitBracketLine(text: string): boolean {
  const inner = insideBracket(text);
  if (inner === null) return false;
  return parseUnitsAndDeadline(inner, 0) !== null || parseUnitSpec(text, 0) !== null;
}
