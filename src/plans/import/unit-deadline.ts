/**
 * A bracket that gives a task's units and its deadline together, the municipal way:
 * "（市A牵头，市B配合；2024年6月底前完成）", "（市C负责；长期坚持）", "（牵头单位：市A；完成时限：每季度末）".
 * The unit part is read as any unit bracket is; the time part is the task's stated deadline.
 */
import { findDates } from "./dates";
import { splitTopLevel, topLevelSpans } from "./text";
import {
  hasLabel,
  LABEL_WORDS,
  parseBareUnits,
  parseLabelled,
  parseRolePhrase,
  type UnitRef,
} from "./unit-specs";

const DEADLINE_WORDS = "完成时限|完成时间|完成期限|时间节点|时限要求|进度要求|时限|时间";
export const DEADLINE_LABEL = new RegExp(`^[【〔\\[]?\\s*(?:${DEADLINE_WORDS})\\s*[】〕\\]]?\\s*[:：]?\\s*`);
/** A labelled deadline: "完成时限：2024年9月底前" (as a bracket's content), "【完成时限】每季度末". */
export const DEADLINE_LABELLED = new RegExp(
  `^(?:[【〔\\[]\\s*(?:${DEADLINE_WORDS})\\s*[】〕\\]]|(?:${DEADLINE_WORDS})\\s*[:：])`,
);

/**
 * A label written as one, in its own brackets or before a colon: 【主办单位】, 〔完成时限〕, 牵头单位：. Only the
 * deadline labels no other word ends with: 时间： may end 工作时间：.
 */
const STATED_WORDS = "完成时限|完成时间|完成期限|时间节点|时限要求|进度要求";
const labelForm = (words: string) =>
  new RegExp(`[【〔\\[]\\s*(?:${words})\\s*[】〕\\]]|(?:${words})\\s*[:：]`, "g");
const LABEL_FORM = labelForm(`${LABEL_WORDS}|${STATED_WORDS}`);
const DEADLINE_FORM = labelForm(STATED_WORDS);

/** Where each label written as one starts, outside brackets other than its own. */
function labelStarts(text: string, re: RegExp): number[] {
  const spans = topLevelSpans(text);
  const inside = (i: number) => spans.some((sp) => sp.start < i && i < sp.end);
  return [...text.matchAll(re)].map((m) => m.index).filter((i) => !inside(i));
}

/**
 * Where a task's deadline label written as one starts ("…。【完成时限】2024年6月底前", "…。完成时限：每季度末"),
 * or -1. One glued to the word before it is prose ("按完成时限：…报送"), unless it is in its own brackets.
 */
export function deadlineLabelIndex(text: string): number {
  const prose = (i: number) => /\p{Script=Han}/u.test(text.charAt(i - 1)) && !/[【〔[]/.test(text.charAt(i));
  return labelStarts(text, DEADLINE_FORM).find((i) => i === 0 || !prose(i)) ?? -1;
}

/** Labels run on without a separator ("【牵头单位】市A【完成时限】2024年底前"): each starts a segment of its own. */
function segmentAtLabels(text: string): string {
  let out = text;
  for (const i of labelStarts(text, LABEL_FORM).reverse())
    if (i > 0 && !/[；;]\s*$/.test(text.slice(0, i))) out = `${out.slice(0, i)}；${out.slice(i)}`;
  return out;
}

const ONGOING_WORDS =
  /^(?:长期坚持|长期推进|长期实施|持续推进|持续实施|持续开展|持续落实|常态化推进|常态化开展|长期|持续|常态化)$/;
const RECURRING = /^(?:每|按)(?:个)?(?:月|季度?|半年|年度?)[^，,、；;。]{0,10}$/;
/** What may follow the date in such a bracket and says nothing more: "…前完成", "…底前建成". */
const DONE = /(?:完成|建成|实现|落实到位|到位|见效|取得成效|取得阶段性成效)$/;

/** The deadline a bracket segment states, as the plan keeps it ("2024年6月底前"), or null when it is not one. */
export function deadlinePhrase(segment: string): string | null {
  const labelled = DEADLINE_LABELLED.test(segment.trim());
  const t = segment
    .replace(DEADLINE_LABEL, "")
    .trim()
    .replace(/[。；;，,]+$/, "");
  if (!t) return null;
  if (ONGOING_WORDS.test(t) || RECURRING.test(t)) return t;
  // "即日起至2024年12月31日": the work runs from now; the date it runs to is the deadline.
  const bare = t.replace(DONE, "").replace(/^(?:自|从)?即日起(?:至|到|—|－|-|～)/, "");
  const d = findDates(bare, null)[0];
  if (d && d.index === 0 && d.end === bare.length) return bare;
  return labelled ? t.slice(0, 40) : null;
}

/** A recurring deadline that names its day or the end of its period, not only how often: "每季度末", "每月5日前". */
const RECURRING_POINT = /(?:末|底|前|[日号])$/;
const YEAR_ONLY = /^(?:\d{4}|[〇零一二三四五六七八九]{4})年度?$/;

/**
 * The deadline a bracket at a task's end holds when it holds nothing else: "（2024年6月底前完成）",
 * "（2024年6月）", "（长期坚持）", "【完成时限：每季度末】". Unlabelled, only a point in time counts: "（2024年）",
 * "（2024年4—10月）" or "（按月调度）" says which year, how long or how often, and stays in the task's words.
 */
export function bracketDeadline(inner: string): string | null {
  const phrase = deadlinePhrase(inner);
  if (!phrase || DEADLINE_LABELLED.test(inner.trim())) return phrase;
  if (ONGOING_WORDS.test(phrase)) return phrase;
  if (RECURRING.test(phrase)) return RECURRING_POINT.test(phrase) ? phrase : null;
  // A year alone names the plan's year or an edition, a range the time the work takes.
  const d = findDates(phrase, null)[0];
  return d && !d.range && !YEAR_ONLY.test(phrase) ? phrase : null;
}

/** A bracket's words that only say when: a year ("2024年", "二〇二四年度") or one date or period, whole. */
export function saysOnlyWhen(inner: string): boolean {
  const d = findDates(inner, null)[0];
  return YEAR_ONLY.test(inner) || (d !== undefined && d.index === 0 && d.end === inner.length);
}

/** Units, then the deadline words, of a bracket that holds both; null when it does not hold both. */
export function parseUnitsAndDeadline(
  inner: string,
  line: number,
): { refs: UnitRef[]; deadlines: string[]; unlabelled?: true } | null {
  const deadlines: string[] = [];
  const unitParts: string[] = [];
  for (const segment of splitTopLevel(segmentAtLabels(inner), "；;")) {
    const whole = deadlinePhrase(segment);
    if (whole) {
      deadlines.push(whole);
      continue;
    }
    // "市A负责，2024年底前完成": the time at the end of a clause.
    const commas = splitTopLevel(segment, "，,");
    const last = commas.length > 1 ? deadlinePhrase(commas[commas.length - 1] ?? "") : null;
    if (last) {
      deadlines.push(last);
      unitParts.push(commas.slice(0, -1).join("，"));
    } else unitParts.push(segment);
  }
  if (deadlines.length === 0 || unitParts.length === 0) return null;
  const units = unitParts.join("；");
  const refs = hasLabel(units) ? parseLabelled(units, line) : parseRolePhrase(units, line);
  if (refs && refs.length > 0) return { refs, deadlines };
  // "（市A；2024年底前）": units without a role word, read as responsible (the caller warns).
  const bare = hasLabel(units) ? null : parseBareUnits(units, line);
  return bare ? { refs: bare, deadlines, unlabelled: true } : null;
}
