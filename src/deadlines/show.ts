import { cnDayWithWeekday } from "../domain/time";
import { nextDeadline, readDeadlines } from "./read";

/**
 * A task's 完成时限 in one line for /status 任务编号: its words, and the next date it falls on inside the plan
 * (长期 for ongoing work); undefined for a task without one. `phases` give the plan's span.
 */
export function deadlineLine(
  raw: unknown,
  phases: ReadonlyArray<{ start: string | null; end: string }>,
  today: string,
): string | undefined {
  const ds = readDeadlines(raw);
  if (ds.length === 0) return undefined;
  const days = phases.flatMap((p) => (p.start ? [p.start, p.end] : [p.end])).sort();
  const [start, end] = [days[0], days.at(-1)];
  const next = nextDeadline(ds, start && end ? { start, end } : null, today);
  const words = ds.map((d) => d.text).join("、");
  if (next === "ongoing") return `完成时限：${words}${words.includes("长期") ? "" : "（长期）"}`;
  if (next === null) return `完成时限：${words}`;
  return `完成时限：${words} · 下一个时限${cnDayWithWeekday(next)}`;
}
