/**
 * Shortcuts on a unit's overview card for units with many tasks: 本月无新进展 and 同上月, for one task or for
 * every task not yet reported in the round. Each makes a new revision marked with its kind (never an edit of
 * another), so status, bulletins and exports can say how it was made, and the liaison can still 修改 it. In a
 * quarterly plan's round (季度调度) they are 本季度无新进展 and 同上季度, in the answer and in the stored text.
 */
import { roundRhythm } from "../domain/rounds";
import { previousPeriodLabel, type ReportKind, reportKindLabel } from "../domain/states";
import type { CardActionResult } from "../kernel/messages";
import type { OutboxItem } from "../outbox/ports";
import type { CollectDeps } from "./deps";
import type { ReportContent } from "./domain/form";
import { buildOverview, pageOf } from "./overview";
import type { RequestView } from "./ports";

type ShortcutKind = Exclude<ReportKind, "form">;

interface ShortcutInput {
  roundId: number;
  unitId: number;
  /** One task's request, or undefined for every task of the unit not yet reported in the round. */
  requestId: number | undefined;
  kind: ShortcutKind;
  operator: string;
  now: Date;
}

export async function applyShortcut(deps: CollectDeps, input: ShortcutInput): Promise<CardActionResult> {
  const { store } = deps;
  const round = await store.getRound(input.roundId);
  const before = await store.unitRequests(input.roundId, input.unitId);
  if (!round || before.length === 0)
    return { toast: { type: "error", content: "该报送要求已不存在，请重新获取卡片。" } };
  const targets = before.filter(
    (r) =>
      r.taskId !== null && (input.requestId === undefined ? r.latest === null : r.id === input.requestId),
  );
  const rhythm = roundRhythm(round);
  const label = reportKindLabel(input.kind, rhythm);
  if (targets.length === 0) return { toast: { type: "info", content: `没有可按「${label}」报送的任务。` } };

  let stored = 0;
  const missing: string[] = [];
  for (const r of targets) {
    const content = await contentFor(deps, r, input.kind, label);
    if (!content) {
      missing.push(r.taskCode ?? String(r.id));
      continue;
    }
    const { duplicate } = await store.submitReport({
      requestId: r.id,
      content,
      kind: input.kind,
      submittedBy: input.operator,
      submittedAt: input.now,
      // A double click adds nothing: one shortcut per kind on the revision it was pressed on.
      idempotencyKey: `short:${r.id}:${r.latest?.revision ?? 0}:${input.kind}`,
    });
    if (!duplicate) stored += 1;
  }

  const requests = await store.unitRequests(input.roundId, input.unitId);
  const page = input.requestId === undefined ? 0 : pageOf(requests, input.requestId);
  const unitName = requests[0]?.unitName ?? "";
  const card = buildOverview({
    round,
    unitName,
    unitId: input.unitId,
    requests,
    now: input.now,
    tz: deps.timezone,
    page,
  });
  if (stored > 0) {
    const items: OutboxItem[] = [];
    for (const copy of await store.unitCards(input.roundId, input.unitId)) {
      if (copy.recipient === input.operator) continue;
      items.push({
        kind: "patch",
        key: `ovs:${input.roundId}:${input.unitId}:${copy.recipient}:${input.now.getTime()}`,
        purpose: "overview",
        planId: round.planId,
        target: copy.messageId ? { messageId: copy.messageId } : { outboxKey: copy.outboxKey },
        card,
      });
    }
    if (items.length > 0) await deps.outbox.enqueue(items);
    deps.logger.info({ ...input, stored }, "report shortcut stored");
  }
  const parts = [stored > 0 ? `已按「${label}」报送 ${stored} 项` : "没有新的报送（可能已提交过）"];
  if (missing.length > 0)
    parts.push(`${missing.join("、")} ${previousPeriodLabel[rhythm]}无报送，请逐项填报`);
  return {
    toast: {
      type: missing.length > 0 ? "warning" : stored > 0 ? "success" : "info",
      content: `${parts.join("；")}。`,
    },
    card,
  };
}

/**
 * 本月无新进展: the status stays last month's, nothing new is claimed; the text is the label (本季度无新进展 in a
 * quarterly round), with no figures, and is not counted as progress. 同上月: last month's report as it was.
 */
async function contentFor(
  deps: CollectDeps,
  r: RequestView,
  kind: ShortcutKind,
  label: string,
): Promise<ReportContent | undefined> {
  const prev = await deps.store.previousReport(r.id);
  if (kind === "same_as_last") {
    if (!prev) return undefined;
    return {
      status: prev.status,
      progress: prev.progress,
      problems: prev.problems,
      evidenceUrl: prev.evidenceUrl,
      documentUrl: prev.documentUrl,
      indicatorValues: prev.indicatorValues,
    };
  }
  return {
    status: prev?.status ?? r.latest?.status ?? null,
    progress: `${label}。`,
    problems: null,
    evidenceUrl: null,
    documentUrl: null,
    indicatorValues: {},
  };
}
