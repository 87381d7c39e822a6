import * as z from "zod";
import { type BulletinDraft, richToPlain } from "./draft";

/**
 * 修改 of a bulletin draft: the office may rewrite the two passages that are theirs to word — the 导语 (preamble)
 * and 下步工作要求 — while the figures stay as composed from the data. What they type is user text: stored as
 * `text` segments, so it is escaped wherever the bulletin is shown.
 */

export const REQUIREMENTS_HEADING = "下步工作要求";
/** Feishu's input component takes at most 1000 characters. */
export const EDIT_MAX = 1000;

export interface BulletinEdits {
  preamble: string;
  /** One paragraph per non-empty line. */
  requirements: string;
}

/** The form's values (component names preamble and requirements), trimmed and bounded. */
export const bulletinEditFormSchema = z.object({
  preamble: z
    .string({ error: "请填写导语" })
    .trim()
    .min(1, { error: "导语不能为空" })
    .max(EDIT_MAX, { error: `导语不能超过${EDIT_MAX}字` }),
  requirements: z
    .string({ error: "请填写下步工作要求" })
    .trim()
    .min(1, { error: "下步工作要求不能为空" })
    .max(EDIT_MAX, { error: `下步工作要求不能超过${EDIT_MAX}字` }),
});

/** The current wording of the editable passages, as the form shows it. */
export function editableText(d: BulletinDraft): BulletinEdits {
  const section = d.sections.find((s) => s.heading === REQUIREMENTS_HEADING);
  return {
    preamble: richToPlain(d.preamble),
    requirements: (section?.paragraphs ?? []).map(richToPlain).join("\n"),
  };
}

/** The draft with the office's wording; a plan without a 下步工作要求 section gets one at the end. */
export function applyEdits(d: BulletinDraft, edits: BulletinEdits): BulletinDraft {
  const paragraphs = edits.requirements
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((text) => ({ rich: [{ text }] }));
  const has = d.sections.some((s) => s.heading === REQUIREMENTS_HEADING);
  const sections = has
    ? d.sections.map((s) => (s.heading === REQUIREMENTS_HEADING ? { ...s, paragraphs } : s))
    : [
        ...d.sections,
        {
          no: CN_NO[d.sections.length] ?? String(d.sections.length + 1),
          heading: REQUIREMENTS_HEADING,
          paragraphs,
          trimmable: false,
        },
      ];
  return { ...d, preamble: { rich: [{ text: edits.preamble.trim() }] }, sections };
}

const CN_NO = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
