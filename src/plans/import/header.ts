/**
 * The parts of the document around the plan itself: the covering notice (印发通知) with its issuer and
 * date, the plan's own title block, the body, and the roster appended after it (领导小组组成人员名单).
 */
import { findDates } from "./dates";
import { DEADLINE_LINE, headingOf } from "./headings";
import type { Line, Warnings } from "./lines";
import { stripSpaces } from "./text";
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

/** What a title's closing bracket may hold: its years or its status, "（2024—2026年）", "（试行）". */
const TITLE_BRACKET =
  /[(（](?:\d{4}\s*[—－\-~～至]+\s*\d{4}\s*年|\d{4}\s*年度?|试行|暂行|征求意见稿|修订稿?|送审稿|草案)[)）]$/;

function isShortTitleLine(text: string): boolean {
  // A task's own 完成时限 line can end the document; it is not part of a signature or a roster's title.
  return (
    text.length <= 40 &&
    (!/[。；;:：,，)）]$/.test(text) || TITLE_BRACKET.test(text)) &&
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

/** The 发文字号 under a title: 国办发〔2024〕12号, 武政办〔2022〕31号, 武政办〔2022〕第31号. */
const DOC_NUMBER = /^[\u4e00-\u9fff]{1,10}\s*[〔［[(（]\s*\d{4}\s*[〕］\])）]\s*第?\s*\d+\s*号$/;

const ORGAN = /(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|领导小组|局|委|厅|政府)/.source;
const ISSUER_WORDS = new RegExp(`${ORGAN}$`);
/** The 发文机关标志 at the head of the document, above its 文号 and title: 武汉市人民政府办公厅文件. */
const ISSUER_MARK = new RegExp(`^(.{0,26}${ORGAN})\\s*文件$`);
/** The notice's addressees: 各区人民政府，市人民政府各部门： */
const ADDRESSEES = /^(?:各|[^。；;]*(?:政府|部门|单位|机构))[^。；;]{0,100}[:：]$/;
/** 附件, 附件1: the notice's mark above the plan it sends. */
const ANNEX_MARK = /^附件\s*[\d一二三四五六七八九十]*\s*[:：]?$/;
/** The 引言's closing words, the plan's reason for being: 为……，制定本方案。 / 现提出以下意见。 */
const PURPOSE =
  /(?:制定|制订|拟定|提出)(?:本|此|如下|以下)?[^。，,；;]{0,8}(?:方案|计划|清单|要点|意见|措施|细则|办法|安排)|(?:如下|以下)(?:意见|方案|安排)?[。:：]?$/;
/** A line that is one bracket under the title: （2024—2026年）, （试行）, （征求意见稿）. */
const SUBTITLE = /^[(（][^()（）]{1,28}[)）]$/;

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

/**
 * The title block: the short lines just before the first sentence of the plan, with a one-bracket line under
 * them (（2024—2026年）). What stands above the 发文机关标志 or an 附件 mark (份号, 密级, the notice) is no part
 * of it.
 */
function titleBlock(front: Line[]): Line[] {
  const block: Line[] = [];
  // A title set above its own 落款 (title, issuer, date, then the text): what preceded the issuer.
  let aboveSignature: Line[] = [];
  for (const l of front) {
    if (DOC_NUMBER.test(l.text)) continue;
    if (ISSUER_MARK.test(l.text) || ANNEX_MARK.test(l.text)) {
      block.length = 0;
      continue;
    }
    if (DATE_LINE.test(l.text)) {
      const last = block[block.length - 1];
      if (aboveSignature.length === 0 && block.length > 1 && last && ISSUER_WORDS.test(last.text))
        aboveSignature = block.slice(0, -1);
      block.length = 0;
      continue;
    }
    if (block.length > 0 && SUBTITLE.test(l.text)) block.push(l);
    else if (!isShortTitleLine(l.text) || /[:：]$/.test(l.text)) {
      if (block.length > 0) break;
    } else block.push(l);
  }
  return block.length > 0 ? block : aboveSignature;
}

const NOTICE = /关于印发(.+?)的通知$/;
const bare = (s: string) => stripSpaces(s).replace(/[《》]/g, "");

/** A line of the plan's own title under the notice, which may name it shorter: four characters in a row of it. */
function namesTitle(line: string, title: string): boolean {
  const t = bare(line);
  const whole = bare(title);
  if (t.length > 1 && whole.includes(t)) return true;
  for (let k = 0; k + 4 <= t.length; k++) if (whole.includes(t.slice(k, k + 4))) return true;
  return false;
}

/**
 * The lines before the first heading that are none of what the document opens with: the notice that sends
 * the plan (its title, 文号, addressees, text, 落款), the 发文机关标志, the title and the 引言 (the sentence that
 * says why the plan is made, 为……制定本方案, and the sentences that lead to it).
 */
function unreadFront(front: Line[], used: Set<Line>, title: string): Line[] {
  const known = new Set(used);
  const notice = front.findIndex((l) => NOTICE.test(l.text));
  const signed = front.findIndex((l, i) => i > notice && DATE_LINE.test(l.text));
  const noticeEnd = notice < 0 ? -1 : Math.max(notice, signed);
  const opening = front.findLastIndex((l, i) => i > noticeEnd && PURPOSE.test(l.text));
  let titled = false;
  front.forEach((l, i) => {
    const t = l.text;
    const next = front[i + 1]?.text ?? "";
    const ofNotice = notice >= 0 && i >= notice && i <= noticeEnd;
    const signature = DATE_LINE.test(t) || (DATE_LINE.test(next) && ISSUER_WORDS.test(t) && t.length <= 30);
    // The plan's own title under the notice that named it, over one line or several, its period under it.
    const ofTitle =
      notice >= 0 &&
      i > noticeEnd &&
      (opening < 0 || i < opening) &&
      (namesTitle(t, title) || (titled && SUBTITLE.test(t)));
    titled = ofTitle;
    if (
      ofNotice ||
      signature ||
      ofTitle ||
      [DOC_NUMBER, ISSUER_MARK, ADDRESSEES, ANNEX_MARK].some((re) => re.test(t))
    )
      known.add(l);
  });
  const purpose = front.findLastIndex((l) => !known.has(l) && PURPOSE.test(l.text));
  for (let k = purpose; k >= 0; k--) {
    const l = front[k];
    if (!l || known.has(l) || (k < purpose && !/[。！？]$/.test(l.text))) break;
    known.add(l);
  }
  return front.filter((l) => !known.has(l));
}

export function readHeader(layout: Layout, firstLine: number, warnings: Warnings): Header {
  const front = layout.front;
  const used = new Set<Line>();
  const notice = front.map((l) => NOTICE.exec(l.text)).find((m) => m !== null);
  let title: string | null = notice?.[1]?.replace(/[《》]/g, "") ?? null;
  if (!title) {
    const block = titleBlock(front);
    for (const l of block) used.add(l);
    const joined = block.map((l) => l.text).join("");
    if (joined) title = joined;
  }
  if (!title) {
    warnings.push({ line: firstLine, message: "未找到方案标题，以首行代替" });
    const first = front[0];
    if (first) used.add(first);
    title = first?.text ?? layout.body[0]?.text ?? "（无标题）";
  }
  for (const l of unreadFront(front, used, title))
    warnings.push({ line: l.no, message: `段落不属于方案的任何部分，未读入：「${l.text.slice(0, 60)}」` });

  const sig = findSignature([...front, ...layout.tail]);
  let issuer = sig.issuer;
  if (!issuer) {
    const prefix = /^(.+?)关于印发/.exec(front.find((l) => /关于印发/.test(l.text))?.text ?? "");
    if (prefix?.[1] && looksLikeUnit(prefix[1])) issuer = prefix[1];
  }
  issuer ??= front.map((l) => ISSUER_MARK.exec(l.text)?.[1]).find((m) => m !== undefined) ?? null;
  if (!issuer) {
    warnings.push({ line: firstLine, message: "未找到发文机关（落款）" });
    issuer = "（未识别）";
  }
  if (!sig.date) warnings.push({ line: firstLine, message: "未找到成文日期（落款日期）" });
  const city = /^(.{2,6}?)[市州县区](?:人民政府|委|政府)/.exec(issuer)?.[1] ?? null;
  return { title, issuer, date: sig.date, city };
}
