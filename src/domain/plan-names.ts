/** Names derived from a plan's title, for bulletins and file names. */

/**
 * The short name of a plan for file names and headers: "1号议案" from "市十五届人大一次会议1号议案办理工作方案";
 * otherwise the title without its trailing 工作方案/方案.
 */
export function planShortName(title: string): string {
  const m = /(\d+号(?:议案|建议|提案))/.exec(title);
  if (m?.[1]) return m[1];
  return title.replace(/(工作)?(实施)?方案$/, "") || title;
}

/**
 * The subject of a plan's bulletins: "市十五届人大一次会议1号议案办理工作" from "…办理工作方案".
 * Titles not ending in 方案 are used as they are, with 工作 added when missing.
 */
export function planWorkName(title: string): string {
  const t = title
    .trim()
    .replace(/^关于印发/, "")
    .replace(/的通知$/, "");
  if (/工作方案$/.test(t)) return t.replace(/方案$/, "");
  const stripped = t.replace(/(实施)?方案$/, "");
  return /工作$/.test(stripped) ? stripped : `${stripped}工作`;
}
