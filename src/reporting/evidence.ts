import { EVIDENCE_MAX_FILES, type EvidenceFile, evidenceFileLabel } from "../domain/evidence";
import { roundKindLabels } from "../domain/rounds";
import { formatShort } from "../domain/time";
import { type CardRef, md } from "../kernel/messages";
import { excerpt, type HeaderColor } from "./cards";
import type { CollectDeps } from "./deps";
import { evidenceTarget } from "./domain/evidence-target";
import type { Round } from "./ports";
import { collectActions } from "./values";

/**
 * 佐证材料 sent to the bot as a file or photo: attached to the unit's report as a new revision that repeats the
 * latest one and adds the file (reports are never overwritten; later revisions carry the files forward).
 */

/** A reported request of the liaison's unit in an open round: a report the file may back. */
export interface EvidenceChoice {
  requestId: number;
  unitName: string;
  /** 「二.3」, a goal's name, or the round's kind for a one-document round. */
  what: string;
  submittedAt: Date;
}

export type EvidenceAnswer =
  | { kind: "none" }
  | { kind: "stored" | "duplicate"; what: string; unitName: string; revision: number }
  | { kind: "full"; what: string }
  | { kind: "pick"; card: CardRef };

export type EvidencePickData = {
  title: string;
  color: HeaderColor;
  body: ReturnType<typeof md>;
  choices: { label: string; value: Record<string, unknown> }[];
  note?: ReturnType<typeof md>;
};

const whatOf = (r: { taskCode: string | null; goal: { name: string } | null }, round: Round) =>
  r.taskCode ? `「${r.taskCode}」` : r.goal ? `「${r.goal.name}」` : `「${roundKindLabels[round.kind]}」`;

/** The units' reported requests in the plan's open rounds, the last submitted first. */
export async function evidenceChoices(
  deps: CollectDeps,
  planId: string,
  unitIds: readonly number[],
): Promise<EvidenceChoice[]> {
  const out: EvidenceChoice[] = [];
  for (const round of await deps.store.listRounds(planId)) {
    if (round.state !== "open") continue;
    for (const unitId of unitIds) {
      for (const r of await deps.store.unitRequests(round.id, unitId)) {
        if (!r.latest) continue;
        out.push({
          requestId: r.id,
          unitName: r.unitName,
          what: whatOf(r, round),
          submittedAt: r.latest.submittedAt,
        });
      }
    }
  }
  return out.sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime());
}

/** Adds the file to the request's latest report as a new revision; the same message adds it once. */
export async function attachEvidence(
  deps: CollectDeps,
  input: { requestId: number; file: EvidenceFile; operator: string; now: Date },
): Promise<EvidenceAnswer> {
  const d = await deps.store.request(input.requestId);
  const latest = d?.latest;
  if (!d || !latest) return { kind: "none" };
  const what = whatOf(d, d.round);
  const key = `evid:${d.id}:${input.file.messageId}:${input.file.fileKey}`.slice(0, 300);
  const already = latest.evidenceFiles.some(
    (f) => f.messageId === input.file.messageId && f.fileKey === input.file.fileKey,
  );
  if (!already && latest.evidenceFiles.length >= EVIDENCE_MAX_FILES) return { kind: "full", what };
  const { report, duplicate } = await deps.store.submitReport({
    requestId: d.id,
    content: {
      status: latest.status,
      progress: latest.progress,
      problems: latest.problems,
      evidenceUrl: latest.evidenceUrl,
      documentUrl: latest.documentUrl,
      indicatorValues: latest.indicatorValues,
      ...(latest.selfcheck ? { selfcheck: latest.selfcheck } : {}),
    },
    // The revision says what the report says: a 本月无新进展 report with a photo is still 本月无新进展.
    kind: latest.kind,
    evidenceFiles: already ? latest.evidenceFiles : [...latest.evidenceFiles, input.file],
    submittedBy: input.operator,
    submittedAt: input.now,
    idempotencyKey: key,
  });
  if (!duplicate)
    deps.logger.info(
      { requestId: d.id, reportId: report.id, revision: report.revision, by: input.operator },
      "evidence file stored",
    );
  return {
    kind: duplicate || already ? "duplicate" : "stored",
    what,
    unitName: d.unitName,
    revision: report.revision,
  };
}

/** Button value of a choice on the pick card: the request and the file (ours, so within the value caps). */
export const evidenceValue = (planId: string, requestId: number, file: EvidenceFile) => ({
  action: collectActions.evidence,
  planId,
  requestId,
  messageId: file.messageId,
  fileKey: file.fileKey,
  type: file.type,
  name: file.name,
  ...(file.size !== undefined ? { size: file.size } : {}),
});

/** At most this many reports are offered on the pick card: the last submitted. */
const PICK_MAX = 10;

/** The file goes to the one report meant, or the liaison picks among the unit's reported tasks. */
export async function receiveEvidence(
  deps: CollectDeps,
  input: { planId: string; unitIds: readonly number[]; file: EvidenceFile; operator: string; now: Date },
): Promise<EvidenceAnswer> {
  const choices = await evidenceChoices(deps, input.planId, input.unitIds);
  const target = evidenceTarget(choices, input.now);
  if (target.kind === "none") return { kind: "none" };
  if (target.kind === "one") return attachEvidence(deps, { ...input, requestId: target.target.requestId });
  const several = new Set(target.choices.map((c) => c.unitName)).size > 1;
  const shown = target.choices.slice(0, PICK_MAX);
  const card: CardRef = {
    template: "evidence-pick",
    data: {
      title: "佐证材料归入哪项任务",
      color: "blue",
      body: md`已收到${evidenceFileLabel(input.file)}。本单位本轮已报送多项任务，请选择该材料佐证的任务：`,
      choices: shown.map((c) => ({
        label: excerpt(
          `${several ? `${c.unitName} ` : ""}${c.what}（${formatShort(c.submittedAt, deps.timezone)}报送）`,
          60,
        ),
        value: evidenceValue(input.planId, c.requestId, input.file),
      })),
      ...(target.choices.length > PICK_MAX
        ? { note: md`仅列出最近报送的 ${PICK_MAX} 项。其他任务请先重新提交该任务，再发送材料。` }
        : {}),
    } satisfies EvidencePickData,
  };
  return { kind: "pick", card };
}

/** The one line the liaison reads back (a text message: escaped at the Feishu edge). */
export function evidenceReply(answer: EvidenceAnswer, file: EvidenceFile): string {
  const label = evidenceFileLabel(file);
  switch (answer.kind) {
    case "stored":
      return `已将${label}作为${answer.unitName}${answer.what}的佐证材料（第${answer.revision}版）。`;
    case "duplicate":
      return `${label}已是${answer.unitName}${answer.what}的佐证材料，未重复保存。`;
    case "full":
      return `${answer.what}的佐证材料已达 ${EVIDENCE_MAX_FILES} 个，未再保存。请将材料合并后发送，或提供链接。`;
    case "none":
      return "本单位在进行中的轮次尚无已报送的任务。请先在填报卡片上报送，再发送佐证材料。";
    case "pick":
      return "请在卡片上选择该材料佐证的任务。";
  }
}
