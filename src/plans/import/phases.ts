/**
 * 工作安排: phases with their dates (动员部署阶段(2022年3月底之前), 办理落实阶段(2022年4—10月)) and the
 * milestones inside them. A phase whose sentences carry dates ("2022年6月底之前,各承办单位报送…") has those
 * sentences as milestones; a phase without them has its checkpoints (检查, 总结, 测评, units filing a plan)
 * as milestones due at the phase's end.
 */
import type { CollectionKind } from "../../domain/plan-format";
import { type DateMatch, findDates } from "./dates";
import { childHeadings, type Heading, headBody, headTitle } from "./headings";
import type { Warnings } from "./lines";
import { clauses, sentences, trimPunct } from "./text";

export interface Milestone {
  text: string;
  due: string;
  unitsMustSubmit: boolean;
  collectionKind: CollectionKind | null;
}

export interface Phase {
  name: string;
  start: string | null;
  end: string;
  milestones: Milestone[];
}

/** Every unit (各承办单位, 各责任单位, 各单位 …) as the subject. */
const UNITS_SUBJECT = /各(?:承办|责任|牵头|成员|有关|相关|参与|配合)?(?:单位|部门)/;
/** A named actor other than the units opens the sentence (市人民政府分管副市长, 领导小组办公室 …). */
const OTHER_ACTOR = /^(?:市|省|区|县)?(?:人民政府|政府|领导小组|办公室|人大|分管|副市长|市长)/;
const CHECKPOINT = /检查|督查|视察|验收|考核|测评|评议|评估|总结|小结|备案/;

function kindOf(text: string): CollectionKind | null {
  if (/方案/.test(text) && /制[订定]|报送|上报|提交|备案/.test(text)) return "filing";
  if (/季度|每季/.test(text)) return null;
  if (/半年/.test(text) && /小结|总结/.test(text)) return "half_year";
  if (/月度|每月/.test(text) && /报送|上报|小结|总结/.test(text)) return "monthly";
  if (/总结|小结/.test(text)) return "annual";
  return null;
}

/** `focus` is the part of the sentence the date governs, read first for what is due. */
export function milestoneOf(text: string, due: string, focus = text): Milestone {
  const kind = kindOf(focus) ?? kindOf(text);
  const byUnits = UNITS_SUBJECT.test(text);
  // A filing is each unit's own plan: only when the units are the subject. A summary is the units'
  // unless someone else is named as doing it.
  const units = kind === "filing" ? byUnits : kind !== null && (byUnits || !OTHER_ACTOR.test(text));
  return { text, due, unitsMustSubmit: units, collectionKind: units ? kind : null };
}

function readPhase(h: Heading, year: number | null, warnings: Warnings): Phase | null {
  const title = headTitle(h);
  const name = trimPunct(title.split(/[(（:：,，]/)[0] ?? title) || title;
  const dated = findDates(title, year).find(
    (d) => d.period !== null && (d.range || d.before || d.yearPart === null),
  );
  if (!dated?.period) {
    warnings.push({ line: h.line, message: `阶段「${name}」没有可识别的起止日期` });
    return null;
  }
  const start = dated.before && !dated.range ? null : dated.period.from;
  const end = dated.period.to;
  const phaseYear = Number(end.slice(0, 4));
  const body = headBody(h);

  const milestones: Milestone[] = [];
  let ctxYear: number | null = phaseYear;
  for (const sentence of sentences(body)) {
    const d: DateMatch | undefined = findDates(sentence, ctxYear).find(
      (x) => x.period !== null && (x.before || x.yearPart === null),
    );
    if (!d?.period) continue;
    ctxYear = Number(d.period.to.slice(0, 4));
    let due = d.period.to;
    // "1月底前" in a phase that runs into the next year.
    if (start && due < start && !/\d{4}年|[〇零一二三四五六七八九]{4}年/.test(d.text))
      due = `${Number(due.slice(0, 4)) + 1}${due.slice(4)}`;
    const text = trimPunct(sentence.slice(0, d.index).replace(/[于在]$/, "") + sentence.slice(d.end));
    milestones.push(milestoneOf(text, due, sentence.slice(d.end)));
  }
  if (milestones.length === 0) {
    for (const clause of clauses(body)) {
      const text = clause.replace(/^(?:并|同时|及时|认真)/, "");
      const filing = UNITS_SUBJECT.test(text) && kindOf(text) === "filing";
      if (filing || CHECKPOINT.test(text)) milestones.push(milestoneOf(text, end));
    }
  }
  return { name, start, end, milestones };
}

export function readPhases(part: Heading, year: number | null, warnings: Warnings): Phase[] {
  const items = childHeadings(part);
  if (items.length === 0) {
    warnings.push({ line: part.line, message: "工作安排中没有分阶段的条目" });
    return [];
  }
  return items.map((h) => readPhase(h, year, warnings)).filter((p): p is Phase => p !== null);
}
