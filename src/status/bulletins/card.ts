import { DEFAULT_TZ, formatShortTime } from "../../domain/time";
import { excerpt, richBytes } from "../../kernel/card-budget";
import { type CardRef, joinRich, md, type RichText } from "../../kernel/messages";
import type { BulletinDraft } from "./draft";

/**
 * The bulletin's whole text as a card: what a group gets when the office publishes it there (the office reviews
 * a draft on the short preview, preview-card.ts, and in the .docx). For a draft it would show with 发布 / 修改 buttons whose values are
 * {action: "bulletin_publish", bulletinId, planId} and {action: "bulletin_edit", bulletinId, planId}; once
 * published, the same text without buttons, saying who published it and when. Long user text is shortened and, past the size budget, the longest optional sections
 * lose their last paragraphs (said in the card); the stored draft keeps everything.
 */

const BODY_BUDGET = 24_000;
const USER_TEXT_MAX = 150;
const lit = (s: string): RichText => ({ rich: [s] });

export interface BulletinCardInput {
  id: number;
  /** Put in the button values so the router checks the caller's grants in the bulletin's own plan. */
  planId?: string;
  state: "draft" | "published";
  draft: BulletinDraft;
  publishedAt?: Date | null;
}

export interface BulletinCardOptions {
  tz?: string;
  /** Who published it, as shown on the published card. */
  publisherName?: string;
}

function shorten(r: RichText): RichText {
  return {
    rich: r.rich.map((seg) =>
      typeof seg === "object" && "text" in seg && seg.text.length > USER_TEXT_MAX
        ? { text: excerpt(seg.text, USER_TEXT_MAX) }
        : seg,
    ),
  };
}

export function bulletinCard(b: BulletinCardInput, opts: BulletinCardOptions = {}): CardRef {
  const tz = opts.tz ?? DEFAULT_TZ;
  const d = b.draft;
  const sections = d.sections.map((s) => {
    const paragraphs = s.paragraphs.map(shorten);
    const sizes = paragraphs.map((p) => richBytes(p) + 2);
    return {
      heading: lit(`**${s.no}、${s.heading}**`),
      paragraphs,
      sizes,
      trimmable: s.trimmable,
      omitted: 0,
    };
  });
  const opening = joinRich([lit(d.addressee), shorten(d.preamble)], "\n");
  const bytesOf = (s: (typeof sections)[number]) => s.sizes.reduce((a, b) => a + b, 0);
  let total = richBytes(opening) + sections.reduce((n, s) => n + richBytes(s.heading) + bytesOf(s), 0);
  const totals = sections.map(bytesOf);
  // Drop the last paragraph of the biggest optional section until the card fits (linear in paragraphs).
  while (total > BODY_BUDGET) {
    let pick = -1;
    sections.forEach((s, i) => {
      if (s.trimmable && s.paragraphs.length > 1 && (pick < 0 || (totals[i] ?? 0) > (totals[pick] ?? 0)))
        pick = i;
    });
    const section = sections[pick];
    if (!section) break;
    section.paragraphs.pop();
    const size = section.sizes.pop() ?? 0;
    section.omitted++;
    totals[pick] = (totals[pick] ?? 0) - size;
    total -= size;
  }
  const published = b.state === "published";
  const ids = { bulletinId: b.id, ...(b.planId ? { planId: b.planId } : {}) };
  const when = b.publishedAt ? formatShortTime(b.publishedAt, tz) : "";
  return {
    template: "bulletin",
    data: {
      title: d.title,
      subtitle: published
        ? ["已发布", when, opts.publisherName].filter(Boolean).join(" · ")
        : "草稿 · 请审核后发布",
      color: published ? "red" : "orange",
      opening,
      sections: sections.map((s) => ({
        text: joinRich(
          [
            s.heading,
            ...s.paragraphs,
            ...(s.omitted > 0 ? [lit(`（另有${s.omitted}条，卡片中从略，详见导出表格）`)] : []),
          ],
          "\n",
        ),
      })),
      signature: md`${d.issuer}\n${d.date}`,
      draft: !published,
      publishValue: { action: "bulletin_publish", ...ids },
      editValue: { action: "bulletin_edit", ...ids },
      confirmText: "发布后将在工作群公布本通报，发布后不可撤回。",
      note: published
        ? opts.publisherName
          ? md`本通报由领导小组办公室 ${opts.publisherName} ${lit(when ? `于 ${when} ` : "")}发布`
          : "本通报由领导小组办公室发布"
        : "点击「修改」调整文字或按最新数据重新生成；确认无误后点击「发布」",
    },
  };
}
