/**
 * A plan whose body lists the tasks without units and whose annex 任务分解表 gives each task its units
 * and 完成时限. The annex rows are matched to the body's numbered tasks by their opening words (an annex
 * often shortens a task), then by 序号; the body stays the task list and each matched task gets its row's
 * units and deadline.
 */
import type { RenderedLine } from "./task-table";

const BODY_TASK = /^\s*(\d{1,3})\s*[.．、]\s*(.+)$/;

/** Words only: no spaces, punctuation or brackets, so that a shortened or repunctuated copy still matches. */
function key(s: string): string {
  return s.replace(/[\s\u3000，。；：、,.;:“”"‘’'（）()《》〈〉【】[\]]/g, "");
}

function sameTask(body: string, row: string): boolean {
  const a = key(body);
  const b = key(row);
  const n = Math.min(a.length, b.length, 12);
  return n >= 4 && a.slice(0, n) === b.slice(0, n);
}

/**
 * For each rendered task row, the index of the body line it belongs to, or -1; null when the table is not
 * an annex of the body (fewer than half of its rows match a body task by their words).
 */
export function matchAnnex(lines: string[], rows: RenderedLine[]): number[] | null {
  const body = lines.flatMap((text, i) => {
    const m = BODY_TASK.exec(text);
    return m?.[2] ? [{ i, no: Number(m[1]), text: m[2] }] : [];
  });
  const tasks = rows.filter((r) => r.task);
  if (body.length === 0 || tasks.length === 0) return null;
  const used = new Set<number>();
  const out = rows.map(() => -1);
  rows.forEach((r, k) => {
    if (!r.task) return;
    const hits = body.filter((b) => !used.has(b.i) && sameTask(b.text, r.task));
    const hit = hits.find((b) => b.no === r.no) ?? hits[0];
    if (hit) {
      used.add(hit.i);
      out[k] = hit.i;
    }
  });
  const matched = out.filter((i) => i >= 0).length;
  if (matched * 2 < tasks.length) return null;
  // Rows whose words differ from the body: by 序号, when exactly one unmatched body task has it.
  rows.forEach((r, k) => {
    if (!r.task || out[k] !== -1 || r.no === undefined) return;
    const byNo = body.filter((b) => !used.has(b.i) && b.no === r.no);
    const only = byNo[0];
    if (byNo.length === 1 && only) {
      used.add(only.i);
      out[k] = only.i;
    }
  });
  return out;
}

/** The body line's task text (after its number), for keying its deadline. */
export function bodyTaskText(line: string): string {
  return BODY_TASK.exec(line)?.[2] ?? line;
}
