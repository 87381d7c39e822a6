/**
 * Sections and tasks. A task part (二、工作任务 / 重点任务 …) holds sections (一)… with numbered tasks
 * 1.…; a part with numbered tasks and no sections is one section; a part whose (一)… items carry their
 * own units is one section whose tasks are those items. Each task's text is read for its units (brackets,
 * labels, role phrases, label lines below it); what is left is the task text.
 */
import { type DateMatch, findDates } from "./dates";
import { childHeadings, fullText, type Heading, headTitle, type Item } from "./headings";
import type { Warnings } from "./lines";
import { itemsAreTasks, paragraphTask } from "./task-level";
import { splitTaskText, unbracketed, unlabelledWarning } from "./task-text";
import { stripSpaces, topLevelSpans, trimPunct } from "./text";
import { parseUnitsAndDeadline } from "./unit-deadline";
import { type CarryForward, parseCarryForward, parseUnitSpec, type UnitRef } from "./unit-specs";

export interface RawTask {
  no: number;
  line: number;
  text: string;
  refs: UnitRef[];
  /** 各区 from 以下任务均需各区落实: added unless the task names the group itself. */
  carried: UnitRef[];
  dates: DateMatch[];
  /** Deadlines stated on their own line (完成时限：…), dated or not (每季度末, 长期坚持). */
  statedDeadlines: { text: string; line: number }[];
}

export interface RawSection {
  no: string;
  title: string;
  line: number;
  tasks: RawTask[];
}

function readTask(
  node: Heading,
  no: number,
  carried: CarryForward[],
  year: number | null,
  warnings: Warnings,
): RawTask {
  const { text, refs, deadlines } = splitTaskText(fullText(node), node.line, warnings);
  const stated = deadlines.map((d) => ({ text: d, line: node.line }));
  for (const l of collectLabelLines(node)) {
    const mixed = parseUnitsAndDeadline(unbracketed(l.text), l.no);
    const spec = mixed ? null : parseUnitSpec(l.text, l.no);
    if (mixed) {
      refs.push(...mixed.refs);
      stated.push(...mixed.deadlines.map((d) => ({ text: d, line: l.no })));
      if (mixed.unlabelled) warnings.push({ line: l.no, message: unlabelledWarning(unbracketed(l.text)) });
    } else if (spec) refs.push(...spec);
    else warnings.push({ line: l.no, message: `无法读出单位行「${l.text}」` });
  }
  const dates = findDates(text, year).filter(
    (d) => !d.range && (d.before || d.yearPart === "年底" || d.yearPart === "年末" || d.yearPart === "年内"),
  );
  return {
    no,
    line: node.line,
    text,
    refs,
    statedDeadlines: [...collectDeadlineLines(node).map((l) => ({ text: l.text, line: l.no })), ...stated],
    carried: carried.map((c) => ({ role: c.role, token: c.token, line: node.line })),
    dates,
  };
}

function collectLabelLines(h: Heading): { no: number; text: string }[] {
  return [...h.labelLines, ...childHeadings(h).flatMap(collectLabelLines)];
}

/** 完成时限 written after a task's sub-items ((1)…(2)…) still belongs to the task. */
function collectDeadlineLines(h: Heading): { no: number; text: string }[] {
  return [...h.deadlineLines, ...childHeadings(h).flatMap(collectDeadlineLines)];
}

function carryOf(items: Item[]): CarryForward[] {
  return items.flatMap((i) =>
    i.kind === "clause" ? [parseCarryForward(i.text)].filter((c) => c !== null) : [],
  );
}

/** Carry-forward clauses in a heading's brackets; returns the title without them. */
function titleAndCarry(h: Heading): { title: string; carry: CarryForward[] } {
  let title = headTitle(h);
  const carry: CarryForward[] = [];
  for (const span of topLevelSpans(title).reverse()) {
    const c = parseCarryForward(span.inner);
    if (c) {
      carry.unshift(c);
      title = title.slice(0, span.start) + title.slice(span.end);
    }
  }
  return { title: trimPunct(stripSpaces(title)), carry };
}

function tasksOf(
  container: Heading,
  level: 3 | 4 | 2,
  inherited: CarryForward[],
  year: number | null,
  warnings: Warnings,
): RawTask[] {
  const active = [...inherited];
  const out: RawTask[] = [];
  for (const item of container.children) {
    if (item.kind === "clause") {
      active.push(...carryOf([item]));
      continue;
    }
    if (item.level !== level) continue;
    out.push(readTask(item, item.no, active, year, warnings));
  }
  return out;
}

function taskLevel(h: Heading): 3 | 4 | null {
  const kids = childHeadings(h);
  if (kids.some((k) => k.level === 3)) return 3;
  if (kids.some((k) => k.level === 4)) return 4;
  return null;
}

/** Sections of one task part. */
export function readSections(part: Heading, year: number | null, warnings: Warnings): RawSection[] {
  const sections: RawSection[] = [];
  const partCarry = titleAndCarry(part).carry;
  const subs = childHeadings(part).filter((h) => h.level === 2);
  const direct = taskLevel(part);
  const partTitle = titleAndCarry(part).title;
  if (subs.length === 0 || itemsAreTasks(subs)) {
    // Tasks straight under the part: 1.… or (一)… carrying their own units (and sub-items 1.2.… of theirs).
    const level = subs.length > 0 ? 2 : direct;
    const paragraph = level === null || subs.length === 0 ? paragraphTask(part) : null;
    if (paragraph) {
      const message =
        direct === null
          ? `「${partTitle}」下没有编号的任务，按一项任务读入`
          : `「${partTitle}」下的编号条目是一段任务的分项，按一项任务读入`;
      warnings.push({ line: part.line, message });
      const task = readTask(paragraph, 1, partCarry, year, warnings);
      return [{ no: part.label, title: partTitle, line: part.line, tasks: [task] }];
    }
    if (level === null) {
      warnings.push({ line: part.line, message: `「${partTitle}」下没有编号的任务` });
      return [];
    }
    const tasks = tasksOf(part, level, partCarry, year, warnings);
    return [{ no: part.label, title: partTitle, line: part.line, tasks }];
  }
  if (direct === 3)
    warnings.push({
      line: part.line,
      message: `「${partTitle}」下有不属于任何小节的任务，已归入「${partTitle}」`,
    });
  if (direct === 3) sections.push({ no: part.label, title: partTitle, line: part.line, tasks: [] });
  const active = [...partCarry];
  for (const item of part.children) {
    if (item.kind === "clause") {
      active.push(...carryOf([item]));
      continue;
    }
    if (item.level === 3 && direct === 3)
      sections[0]?.tasks.push(readTask(item, item.no, active, year, warnings));
    if (item.level !== 2) continue;
    const { title, carry } = titleAndCarry(item);
    const level = taskLevel(item);
    if (level === null) {
      warnings.push({ line: item.line, message: `小节「${title}」下没有编号的任务，按一项任务读入` });
      sections.push({
        no: item.label,
        title,
        line: item.line,
        tasks: [readTask(item, 1, [...active, ...carry], year, warnings)],
      });
      continue;
    }
    sections.push({
      no: item.label,
      title,
      line: item.line,
      tasks: tasksOf(item, level, [...active, ...carry], year, warnings),
    });
  }
  return sections;
}
