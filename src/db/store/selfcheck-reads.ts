import { sql } from "drizzle-orm";
import { type SelfcheckRow, type SelfcheckTally, tallySelfcheck } from "../../domain/selfcheck";
import type { SelfcheckVerdict } from "../../domain/states";
import { epochMs, type Query, toDate } from "./status-sql";

/**
 * The plan's latest opened 自评 round with every request of it: the assessing unit, the task in the plan's
 * order (lead unit first), and the latest revision's verdict, note and evidence link. Undefined when no 自评
 * round was opened. Read by /selfcheck, /export and /summary year alike.
 */
export async function selfcheckTally(query: Query, planId: string): Promise<SelfcheckTally | undefined> {
  const [round] = await query(sql`select c.id, c.title, c.period, ${epochMs(sql`c.due_at`)} as due_ms
    from rounds c where c.plan_id = ${planId} and c.kind = 'selfcheck' and c.state <> 'scheduled'
    order by c.due_at desc, c.id desc limit 1`);
  if (!round) return undefined;
  const rows = await query(sql`
    select s.no as section_no, s.title as section_title, t.code, t.text, u.name as unit_name, q.role,
      r.selfcheck, r.progress, r.evidence_url, ${epochMs(sql`r.submitted_at`)} as submitted_ms
    from report_requests q join tasks t on t.id = q.task_id join sections s on s.id = t.section_id
      join units u on u.id = q.unit_id left join reports r on r.id = q.latest_report_id
    where q.round_id = ${round.id}
    order by s.ordinal, t.ordinal, (q.role = 'lead') desc, u.ordinal, q.id`);
  const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
  const out: SelfcheckRow[] = rows.map((r) => ({
    sectionNo: String(r.section_no ?? ""),
    sectionTitle: String(r.section_title ?? ""),
    taskCode: String(r.code),
    taskText: String(r.text),
    unitName: String(r.unit_name),
    role: r.role === "lead" || r.role === "responsible" || r.role === "support" ? r.role : null,
    verdict: (str(r.selfcheck) as SelfcheckVerdict | null) ?? null,
    note: str(r.progress),
    evidence: str(r.evidence_url),
    submittedAt: r.submitted_ms === null || r.submitted_ms === undefined ? null : toDate(r.submitted_ms),
  }));
  return tallySelfcheck(
    { title: String(round.title), period: String(round.period), dueAt: toDate(round.due_ms) },
    out,
  );
}
