/**
 * Which items are the tasks. In the municipal style the (一)… items are tasks that carry their own units,
 * and the 1. 2. … below one of them are its sub-items, with the units in a bracket after the last of
 * them ("（市A、市B按职责分工负责；持续推进）" on a line of its own). In the provincial style the (一)… items
 * are sections and the 1. 2. … their tasks, each with its own units.
 */
import { childHeadings, type Heading, ownText } from "./headings";
import type { Line } from "./lines";
import { isUnitBracketLine, splitTaskText } from "./task-text";
import { topLevelSpans } from "./text";
import { looksLikeUnit, parseToken } from "./unit-specs";

/** The item's lines that are its text, not a units bracket on a line of its own after it. */
function textLines(h: Heading): Line[] {
  return h.lines.filter((l, i) => i === 0 || !isUnitBracketLine(l.text));
}

/** Its own text (not its sub-items') names units: "…。（X牵头，Y配合）", "…，X负责。" */
export function ownUnits(h: Heading): boolean {
  const text = textLines(h)
    .map((l) => l.text)
    .join("");
  const refs = splitTaskText(text, h.line, []).refs;
  // "牵头单位要勇于担当" uses the label words in prose: what follows them must read as units.
  return refs.length > 0 && refs.every((r) => looksLikeUnit(parseToken(r.token).name));
}

/** Units given after the item on lines of their own: a bracket line, or 牵头单位：… lines. */
function trailingUnits(h: Heading): boolean {
  if (h.labelLines.length > 0 || h.lines.length !== textLines(h).length) return true;
  const kids = childHeadings(h);
  const last = kids[kids.length - 1];
  return last ? trailingUnits(last) : false;
}

function namesOwnUnits(h: Heading): boolean {
  return ownUnits(h) || childHeadings(h).some(namesOwnUnits);
}

/**
 * A (一)… item that is one task with sub-items: none of its sub-items names units, and either it names
 * them itself or they follow its last sub-item alone, the item reading as a sentence ("推进电子证照共享应用。")
 * or its sub-items as a list ("1.梳理电子证照目录；").
 */
export function isTaskWithSubItems(h: Heading): boolean {
  const kids = childHeadings(h);
  if (kids.length === 0 || kids.some(namesOwnUnits)) return false;
  if (ownUnits(h) || h.labelLines.length > 0) return true;
  const last = kids[kids.length - 1];
  if (!last || !trailingUnits(last) || kids.slice(0, -1).some(trailingUnits)) return false;
  return /[。；;]/.test(h.lines[0]?.text ?? "") || kids.some((k) => /[；;]$/.test(ownText(k)));
}

/** Its text ends with a bracket of units: "…。（X牵头，Y配合；2024年底前）", on its last line or a line of its own. */
function endsWithUnitBracket(h: Heading): boolean {
  const text = ownText(h).replace(/[\s。；;]+$/, "");
  const last = topLevelSpans(text).pop();
  return (last?.end === text.length && isUnitBracketLine(text.slice(last.start))) || h.labelLines.length > 0;
}

/**
 * Some item of the part, or the part's own text after its title, names units by bracket or role phrase.
 * `brackets`: only a bracket (or label lines) counts, for a part whose title says it is no task part
 * ("四、组织保障" whose prose says "由区发展改革局牵头").
 */
export function carriesUnits(part: Heading, brackets = false): boolean {
  const names = (h: Heading) => (brackets ? endsWithUnitBracket(h) : ownUnits(h) || trailingUnits(h));
  const walk = (h: Heading): boolean => names(h) || childHeadings(h).some(walk);
  if (brackets) return walk(part);
  return childHeadings(part).some(walk) || paragraphTask(part) !== null;
}

/**
 * A part whose paragraph names its units ("三、优化服务方式" then one paragraph ending "（X牵头；2024年底前）"),
 * or whose numbered items are that paragraph's sub-items: the paragraph is the part's one task. Returns it
 * as an item, or null.
 */
export function paragraphTask(part: Heading): Heading | null {
  const first = part.lines[0]?.text ?? "";
  // A heading line that is a title only ("优化服务方式") is not the task's text; one that goes on is.
  const lines = /[。；;]/.test(first) ? part.lines : part.lines.slice(1);
  if (lines.length === 0) return null;
  const task: Heading = { ...part, lines, line: lines[0]?.no ?? part.line };
  // "推行…，重点做好以下工作：1.…；2.…。（X牵头）": the paragraph is the task, the items its sub-items.
  if (childHeadings(part).length > 0) return isTaskWithSubItems(task) ? task : null;
  return ownUnits(task) || trailingUnits(task) ? task : null;
}

/**
 * The (一)… items of a part are its tasks: each is a task (no numbered items, or sub-items only) or names no
 * units anywhere (a task whose units the document left out), and at least one of them names its own.
 * When none has numbered items they are tasks whatever they name (a national plan with no units).
 */
export function itemsAreTasks(subs: Heading[]): boolean {
  const bare = (h: Heading): boolean => !ownUnits(h) && !trailingUnits(h) && childHeadings(h).every(bare);
  const task = (h: Heading) => childHeadings(h).length === 0 || isTaskWithSubItems(h);
  if (subs.every((s) => childHeadings(s).length === 0)) return true;
  return subs.every((s) => task(s) || bare(s)) && subs.some((s) => task(s) && !bare(s));
}
