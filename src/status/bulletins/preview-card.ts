import { DEFAULT_TZ, formatShortTime } from "../../domain/time";
import { type CardRef, joinRich, md, plain, type RichText } from "../../kernel/messages";
import type { BulletinRecord } from "./ports";

/**
 * The draft as the office first sees it: one phone screen, not the text. The figures (报送率, 逾期单位, tasks by
 * light), the red and yellow tasks (at most LIST_MAX each, the rest counted), and 修改 / 发布 / 下载; the whole
 * text is in the .docx sent with it. 发布 opens the choice of where (publishTargetsCard). Button values:
 * {action: "bulletin_edit", bulletinId, planId, op?} and {action: "bulletin_publish", bulletinId, planId}.
 */

const LIST_MAX = 5;
const lit = (s: string): RichText => ({ rich: [s] });

export interface PreviewOptions {
  tz?: string;
  publisherName?: string;
}

/** The lines of a light's tasks, "二.3 标题" each, the rest counted. */
export function taskList(label: string, color: string, tasks: readonly string[]): RichText | null {
  if (tasks.length === 0) return null;
  const shown = tasks.slice(0, LIST_MAX).map((t) => md`- ${t}`);
  if (tasks.length > LIST_MAX) shown.push(lit(`- 等${tasks.length}项，详见 Word 文件`));
  return joinRich([lit(`<font color='${color}'>**${label}（${tasks.length}项）**</font>`), ...shown], "\n");
}

/** 绿/黄/红 counts and the summary figures, as the preview's first lines. */
export function previewFigures(b: Pick<BulletinRecord, "draft">): RichText {
  const s = b.draft.summary;
  const l = s.lights ?? { green: 0, yellow: 0, red: 0 };
  const figures = [
    s.onTimeRatePct === null ? "" : `按时报送率 ${s.onTimeRatePct}%`,
    `逾期单位 ${s.overdueUnits} 家`,
    s.problems > 0 ? `待协调问题 ${s.problems} 项` : "",
  ].filter(Boolean);
  const unmapped = s.unmapped?.length ? `\n未明确联络员 ${s.unmapped.length} 家（未计入未报送）` : "";
  return lit(
    `**${s.periodLabel}** · ${figures.join(" · ")}\n任务：<font color='green'>绿 ${l.green}</font> · <font color='orange'>黄 ${l.yellow}</font> · <font color='red'>红 ${l.red}</font>${unmapped}`,
  );
}

export function bulletinPreviewCard(
  b: Pick<BulletinRecord, "id" | "planId" | "state" | "draft" | "publishedAt">,
  opts: PreviewOptions = {},
): CardRef {
  const tz = opts.tz ?? DEFAULT_TZ;
  const published = b.state === "published";
  const ids = { bulletinId: b.id, planId: b.planId };
  const when = b.publishedAt ? formatShortTime(b.publishedAt, tz) : "";
  const s = b.draft.summary;
  return {
    template: "bulletin-preview",
    data: {
      title: plain(b.draft.title),
      subtitle: published
        ? ["已发布", when, opts.publisherName].filter(Boolean).join(" · ")
        : "草稿 · 仅办公室可见",
      color: published ? "red" : "orange",
      figures: previewFigures(b),
      red: taskList("红灯", "red", s.redTasks ?? []),
      yellow: taskList("黄灯", "orange", s.yellowTasks ?? []),
      draft: !published,
      editValue: { action: "bulletin_edit", ...ids },
      publishValue: { action: "bulletin_publish", ...ids },
      downloadValue: { action: "bulletin_edit", ...ids, op: "download" },
      note: published
        ? "已发布。点击「下载」获取正式 Word 文件；再次「发布」可发往其他群。"
        : "全文见 Word 文件。「修改」调整导语和下步工作要求；「发布」选择发往工作群、领导小组群或仅生成文件。",
      republish: published,
    },
  };
}

/** A group the bulletin may go to, as the choice card names it. */
export interface PublishTarget {
  chatId: string;
  name: string;
  /** Liaisons are in it: the work group. */
  workGroup: boolean;
}

/** At most this many groups are offered (Feishu's card stays one screen). */
export const TARGETS_MAX = 6;

/**
 * 发布 → where: one button per group of the plan the bot is in (the work group and, by its own name, the
 * leaders' group or any other), and 仅生成文件 (the final .docx to the office only). Each button confirms.
 * `base` is the value every choice carries (the draft's action and ids); `back` returns to the preview.
 */
export function publishTargetsCard(
  title: string,
  base: Record<string, unknown>,
  back: Record<string, unknown>,
  targets: readonly PublishTarget[],
): CardRef {
  const groups = targets.slice(0, TARGETS_MAX).map((t) => ({
    label: plain(`发布到${t.workGroup ? "工作群" : ""}「${t.name || "未命名群"}」`),
    confirm: plain(`将发布到「${t.name || "未命名群"}」，发布后不可撤回。`),
    value: { ...base, target: "chat", chatId: t.chatId },
  }));
  return {
    template: "bulletin-targets",
    data: {
      title: plain(title),
      intro: lit(
        groups.length > 0
          ? "请选择发布范围。正文和 Word 文件发到所选的群；「仅生成文件」只将正式文件私信发给您。"
          : "本方案暂无可发布的群（机器人尚未加入）。可「仅生成文件」，自行印发。",
      ),
      groups,
      fileValue: { ...base, target: "file" },
      backValue: back,
    },
  };
}

/** The bulletin's choice of where: values {action: "bulletin_publish", bulletinId, planId, target, chatId?}. */
export function bulletinTargetsCard(
  b: Pick<BulletinRecord, "id" | "planId" | "draft">,
  targets: readonly PublishTarget[],
): CardRef {
  const ids = { bulletinId: b.id, planId: b.planId };
  return publishTargetsCard(
    b.draft.title,
    { action: "bulletin_publish", ...ids },
    { action: "bulletin_edit", ...ids, op: "view" },
    targets,
  );
}
