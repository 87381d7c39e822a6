import { formatAmount, progressTolerance } from "../domain/progress";
import { isSummaryKind, roundKindLabels } from "../domain/rounds";
import { reportStatusLabels } from "../domain/states";
import { formatShort } from "../domain/time";
import { joinRich, md } from "../kernel/messages";
import type { OutboxItem } from "../outbox/ports";
import { sha256Hex } from "../plans/load";
import { excerpt, noticeCard, trusted } from "./cards";
import type { CollectDeps } from "./deps";
import { parseGoalForm, parseSelfcheckForm } from "./domain/entry-form";
import { canonicalContent, decreases, type FormResult, parseSummaryForm, parseTaskForm } from "./domain/form";
import { buildTaskForm, reportsFigures } from "./forms";
import { buildOverview, pageOf } from "./overview";
import { flaggedText, paceOf } from "./pace";
import type { ReportView, RequestDetail, Round } from "./ports";
import type { CollectService, SubmitOutcome } from "./use-cases";

/** What a submit carries: the contract's own input, so the two cannot drift apart. */
export type SubmitRequest = Parameters<CollectService["submit"]>[0];

/**
 * Idempotency key of a submit: the request, the revision the form was built on and the content. A double
 * click or a replayed callback (new event ids, same form) makes one revision; the next edit is made on a
 * form built on the new revision, so it gets a new key even with the same text.
 */
export async function submitKey(requestId: number, seen: number, content: string): Promise<string> {
  return `rpt:${requestId}:${seen}:${(await sha256Hex(content)).slice(0, 32)}`;
}

export async function submitReport(deps: CollectDeps, input: SubmitRequest): Promise<SubmitOutcome> {
  const { store, timezone: tz } = deps;
  const d = await store.request(input.requestId);
  if (!d) return invalid("", "该报送要求已不存在，请重新获取卡片。");

  const shown = reportsFigures(d) ? d.indicators : [];
  const parsed: FormResult = d.goal
    ? parseGoalForm(input.formValue, d.goal)
    : d.round.kind === "selfcheck"
      ? parseSelfcheckForm(input.formValue)
      : isSummaryKind(d.round.kind)
        ? parseSummaryForm(input.formValue)
        : parseTaskForm(input.formValue, shown);
  if (!parsed.ok) return invalid(parsed.field, parsed.message);
  const content = parsed.content;

  const lastValues = await store.lastIndicatorValues(
    d.unitId,
    shown.map((i) => i.id),
  );
  const down = decreases(content.indicatorValues, lastValues);
  if (down.length > 0 && !input.confirmed) {
    const names = new Map(d.indicators.map((i) => [i.id, i]));
    const list = down
      .map(
        (x) =>
          `「${names.get(x.indicatorId)?.name ?? x.indicatorId}」由 ${amount(x.from, names.get(x.indicatorId)?.unit)} 降至 ${amount(x.to, names.get(x.indicatorId)?.unit)}`,
      )
      .join("；");
    const page = pageOf(await store.unitRequests(d.roundId, d.unitId), d.id);
    return {
      kind: "confirm",
      result: {
        toast: { type: "warning", content: `累计值下降：${list}。请核对后点「确认无误，提交」。` },
        card: buildTaskForm(
          d,
          tz,
          page,
          { content, typed: input.formValue, lastValues },
          {
            warning: md`**请确认：**指标填报的是累计值，通常不会减少。${list}。如确有核减，请点下方「确认无误，提交」；否则请修改后提交。`,
          },
        ),
      },
    };
  }

  const key = await submitKey(d.id, input.seenRevision, canonicalContent(content));
  const { report, duplicate } = await store.submitReport({
    requestId: d.id,
    content,
    submittedBy: input.operator,
    submittedAt: input.now,
    idempotencyKey: key,
  });

  const requests = await store.unitRequests(d.roundId, d.unitId);
  const page = pageOf(requests, d.id);
  const card = buildOverview({
    round: d.round,
    unitName: d.unitName,
    unitId: d.unitId,
    requests,
    now: input.now,
    tz,
    page,
  });
  const timing = shown.length > 0 ? await store.planTiming(d.planId) : undefined;
  const behind = flaggedText(
    paceOf(d, report.indicatorValues, timing, tz, progressTolerance(timing?.settings)),
  );

  if (!duplicate) {
    const items: OutboxItem[] = [];
    // Other copies of this unit's overview (the deputy's, the liaison's when the office submits) follow.
    for (const copy of await store.unitCards(d.roundId, d.unitId)) {
      if (copy.recipient === input.operator) continue;
      items.push({
        kind: "patch",
        key: `ovp:${d.roundId}:${d.unitId}:${copy.recipient}:${report.id}`,
        purpose: "overview",
        planId: d.planId,
        target: copy.messageId ? { messageId: copy.messageId } : { outboxKey: copy.outboxKey },
        card,
      });
    }
    items.push(...(await leadNotices(deps, d, report, behind)));
    if (items.length > 0) await deps.outbox.enqueue(items);
    deps.logger.info(
      {
        requestId: d.id,
        reportId: report.id,
        revision: report.revision,
        late: report.late,
        by: input.operator,
      },
      "report stored",
    );
  }

  const what = d.goal
    ? `「${d.goal.name}」`
    : d.taskCode
      ? `「${d.taskCode}」${d.round.kind === "selfcheck" ? "自评" : ""}`
      : `「${roundKindLabels[d.round.kind]}」`;
  const parts = [
    duplicate
      ? `${what}已报送（第${report.revision}版），重复提交未再保存`
      : `已报送${what}（第${report.revision}版）`,
  ];
  if (!duplicate && report.late) parts.push("已过截止时间，记为迟报");
  // Someone else (the deputy, the office) submitted while this form was open: both versions are kept.
  if (!duplicate && d.latest && d.latest.revision > input.seenRevision)
    parts.push(`填写期间已有他人提交第${d.latest.revision}版，两版均已保留`);
  if (behind) parts.push(`时序进度提示：${behind}`);
  return {
    kind: duplicate ? "duplicate" : "stored",
    report,
    result: {
      toast: { type: behind || report.late ? "warning" : "success", content: `${parts.join("；")}。` },
      card,
    },
  };
}

/** "2万个": an amount as the plan writes it, with its unit of measure. */
const amount = (n: number, uom = "") => `${formatAmount(n, uom)}${uom}`;

function invalid(field: string, message: string): SubmitOutcome {
  return { kind: "invalid", field, result: { toast: { type: "error", content: message } } };
}

/**
 * When a responsible unit reports on a task with a lead unit, the lead's liaison is told (one notice per
 * revision: key leadnote:<report>:<openId>).
 */
async function leadNotices(
  deps: CollectDeps,
  d: RequestDetail,
  report: ReportView,
  behind: string | undefined,
): Promise<OutboxItem[]> {
  const leads = d.leadUnitIds.filter((id) => id !== d.unitId);
  if (d.taskId === null || leads.length === 0) return [];
  const liaisons = (await deps.store.contacts(d.planId, leads)).filter((c) => c.role === "liaison");
  if (liaisons.length === 0) return [];
  const card = noticeCard({
    title: `「${d.taskCode}」${d.unitName} 已报送`,
    color: report.late ? "orange" : "blue",
    body: leadNoticeBody(d, d.round, report, deps.timezone, behind),
    note: md`发送 /lead ${d.taskCode ?? ""} 查看本任务各单位报送汇总。`,
  });
  return liaisons.map((c) => ({
    kind: "send" as const,
    key: `leadnote:${report.id}:${c.openId}`,
    purpose: "lead_notice",
    planId: d.planId,
    to: { openId: c.openId },
    message: { type: "card" as const, card },
  }));
}

function leadNoticeBody(
  d: RequestDetail,
  round: Round,
  report: ReportView,
  tz: string,
  behind: string | undefined,
) {
  const lines = [
    md`**${d.unitName}** 于 ${formatShort(report.submittedAt, tz)} 报送了「${round.title}」第${report.revision}版${
      report.late ? trusted("（迟报）") : trusted("")
    }。`,
  ];
  if (report.status) lines.push(md`**状态：**${reportStatusLabels[report.status]}`);
  lines.push(md`**进展：**${excerpt(report.progress, 200)}`);
  if (report.problems) lines.push(md`**需协调：**${excerpt(report.problems, 120)}`);
  if (behind) lines.push(md`**时序提示：**${behind}`);
  return joinRich(lines, "\n");
}
