/**
 * The parts of the document around the plan itself: the covering notice (印发通知) with its issuer and
 * date, the plan's own title block, the body, and the roster appended after it (领导小组组成人员名单).
 */
import { findDates } from "./dates";
import { DEADLINE_LINE, headingOf } from "./headings";
import type { Line, Warnings } from "./lines";
import { isLabelLine, looksLikeUnit } from "./unit-specs";

export interface Layout {
  /** Lines before the first heading: notice, title block, preamble. */
  front: Line[];
  body: Line[];
  /** Lines naming the roster ("…领导小组组成人员名单"). */
  rosterHeader: Line[];
  roster: Line[];
  /** Signature lines found after the body (issuer and date at the end). */
  tail: Line[];
}

const ROSTER_TITLE = /(?:名单|组成人员|成员单位及人员)[)）]?$/;
const DATE_LINE =
  /^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$/;

function isShortTitleLine(text: string): boolean {
  // A task's own 完成时限 line can end the document; it is not part of a signature or a roster's title.
  return (
    text.length <= 40 &&
    !/[。；;:：,，)）]$/.test(text) &&
    !headingOf(text) &&
    !isLabelLine(text) &&
    !DEADLINE_LINE.test(text)
  );
}

export function splitLayout(lines: Line[]): Layout {
  const firstHeading = lines.findIndex((l) => {
    const h = headingOf(l.text);
    return h !== null && h.level <= 2;
  });
  const bodyStart = firstHeading < 0 ? lines.length : firstHeading;
  let rosterAt = lines.findIndex(
    (l, i) => i > bodyStart && ROSTER_TITLE.test(l.text) && isShortTitleLine(l.text),
  );
  if (rosterAt < 0) rosterAt = lines.length;
  // The roster's title may run over several short lines ("…1号议案办理工作" / "领导小组组成人员名单"), and an
  // 附件 line or the signature may sit before it.
  let headerStart = rosterAt;
  while (headerStart - 1 > bodyStart && isShortTitleLine(lines[headerStart - 1]?.text ?? "")) headerStart--;
  const beforeRoster = lines.slice(headerStart, rosterAt);
  const tail = beforeRoster.filter(
    (l, i) => DATE_LINE.test(l.text) || DATE_LINE.test(beforeRoster[i + 1]?.text ?? ""),
  );
  return {
    front: lines.slice(0, bodyStart),
    body: lines.slice(bodyStart, headerStart),
    rosterHeader: [...beforeRoster.filter((l) => !tail.includes(l)), ...lines.slice(rosterAt, rosterAt + 1)],
    roster: lines.slice(rosterAt + 1),
    tail,
  };
}

export interface Header {
  title: string;
  issuer: string;
  date: string | null;
  /** The city the issuer governs (武汉 for 武汉市人民政府办公厅), for unit aliases. */
  city: string | null;
}

/** The 发文字号 under a title: 国办发〔2024〕12号, 武政办〔2022〕31号. */
const DOC_NUMBER = /^[\u4e00-\u9fff]{1,10}\s*[〔［[(（]\s*\d{4}\s*[〕］\])）]\s*\d+\s*号$/;

const ISSUER_WORDS =
  /(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|领导小组|局|委|厅|政府)$/;

function findSignature(lines: Line[]): { issuer: string | null; date: string | null } {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line || !DATE_LINE.test(line.text)) continue;
    const date = findDates(line.text, null)[0]?.period?.to ?? null;
    const prev = lines[i - 1]?.text ?? "";
    const issuer = ISSUER_WORDS.test(prev) && prev.length <= 30 && !/[。，,；;]/.test(prev) ? prev : null;
    return { issuer, date };
  }
  return { issuer: null, date: null };
}

export function readHeader(layout: Layout, firstLine: number, warnings: Warnings): Header {
  const front = layout.front;
  const notice = front.map((l) => /关于印发(.+?)的通知$/.exec(l.text)).find((m) => m !== null);
  let title: string | null = notice?.[1]?.replace(/[《》]/g, "") ?? null;
  if (!title) {
    // The title block: the short lines just before the first sentence of the plan.
    const block: string[] = [];
    // A title set above its own 落款 (title, issuer, date, then the text): what preceded the issuer.
    let aboveSignature: string[] = [];
    for (const l of front) {
      if (DOC_NUMBER.test(l.text)) continue;
      if (DATE_LINE.test(l.text)) {
        if (
          aboveSignature.length === 0 &&
          block.length > 1 &&
          ISSUER_WORDS.test(block[block.length - 1] ?? "")
        )
          aboveSignature = block.slice(0, -1);
        block.length = 0;
        continue;
      }
      if (!isShortTitleLine(l.text) || /[:：]$/.test(l.text)) {
        if (block.length > 0) break;
        continue;
      }
      block.push(l.text);
    }
    const joined = (block.length > 0 ? block : aboveSignature).join("");
    if (joined) title = joined;
  }
  if (!title) {
    warnings.push({ line: firstLine, message: "未找到方案标题，以首行代替" });
    title = front[0]?.text ?? layout.body[0]?.text ?? "（无标题）";
  }

  const sig = findSignature([...front, ...layout.tail]);
  let issuer = sig.issuer;
  if (!issuer) {
    const prefix = /^(.+?)关于印发/.exec(front.find((l) => /关于印发/.test(l.text))?.text ?? "");
    if (prefix?.[1] && looksLikeUnit(prefix[1])) issuer = prefix[1];
  }
  if (!issuer) {
    warnings.push({ line: firstLine, message: "未找到发文机关（落款）" });
    issuer = "（未识别）";
  }
  if (!sig.date) warnings.push({ line: firstLine, message: "未找到成文日期（落款日期）" });
  const city = /^(.{2,6}?)[市州县区](?:人民政府|委|政府)/.exec(issuer)?.[1] ?? null;
  return { title, issuer, date: sig.date, city };
}
