/**
 * The leading group's roster: "组长:党蓁  市人民政府副市长", unlabelled lines continuing the last role,
 * each title read for the body it belongs to (市城建局建筑业管理和发展办公室主任 → 市城建局), posts split at
 * commas (武汉经开区管委会工委委员,汉南区委常委、区人民政府党组成员 → two posts), and the layout artefact
 * of a place word slipping into the name column ("夏伟市  财政局副局长") put back.
 */
import type { Line, Warnings } from "./lines";
import { splitTopLevel, stripSpaces } from "./text";

export type RosterRole = "leader" | "deputy_leader" | "member";

export interface RawPost {
  title: string;
  /** The body the post belongs to, as a known unit or as read from the title; null if none. */
  body: string | null;
  /** An administrative body (人民政府, 管委会, a bureau), not a party committee (区委). */
  admin: boolean;
  /** Every administrative body the post names ("X开发区管委会副主任、X区人民政府副区长" names two). */
  bodies: string[];
}

export interface RawRosterEntry {
  line: number;
  name: string;
  title: string;
  role: RosterRole;
  posts: RawPost[];
}

export interface RosterContext {
  /** The longest known unit the text starts with (by name or short name). */
  prefixUnit(s: string): string | null;
  /** The longest unit whose full name (not a short name) the text starts with. */
  fullNamePrefix(s: string): string | null;
}

const ROLE_LABEL =
  /^(组\s*长|总召集人|召\s*集\s*人|(?:常务|第一|执行)?副\s*组\s*长|副召集人|成\s*员|组\s*员)\s*[:：]\s*/;
const OTHER_LABEL = /^([^\s:：\d]{1,10})\s*[:：]\s*/;

function roleOf(label: string): RosterRole {
  const l = stripSpaces(label);
  if (l.includes("副")) return "deputy_leader";
  if (l === "组长" || l.endsWith("召集人")) return "leader";
  return "member";
}

/** Position words at the end of a title, longest first; stripping them leaves the body. */
const POSITION =
  /(?:党组书记|党组副书记|党组成员|党委书记|党委副书记|党委委员|党工委书记|党工委副书记|党工委委员|工委书记|工委副书记|工委委员|纪检组长|纪检监察组长|常务副(?:市长|区长|县长|主任|局长)|副?(?:市长|区长|县长|镇长|乡长|局长|主任|部长|厅长|处长|科长|书记|秘书长|总经理|经理|行长|董事长|主席|院长|校长|所长|会长|站长|队长|总监|关长|总编辑)|[一二三四]级(?:巡视员|调研员)|副?巡视员|副?调研员|总(?:工程|经济|会计|规划|农艺|畜牧|审计)师|工会主(?:任|席)|常委|委员|成员)$/;

export function stripPositions(s: string): string {
  let cur = s;
  for (let i = 0; i < 6; i++) {
    const next = cur.replace(POSITION, "");
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

/** The body of one post: "青山区委常委、区人民政府副区长" → 青山区人民政府 (the government, not the party committee). */
export function postBody(
  post: string,
  ctx: RosterContext,
): { body: string | null; admin: boolean; bodies: string[] } {
  let place: string | null = null;
  const found: { body: string; admin: boolean }[] = [];
  for (const sub of splitTopLevel(post, "、")) {
    // "区人民政府副区长" after "青山区委常委" means 青山区人民政府.
    const s = place && /^[区县](?:人民政府|政府|委)/.test(sub) ? place + sub.slice(1) : sub;
    const partyPlace = /^(.{2,}?[区县])委(?!员)/.exec(s);
    if (partyPlace?.[1]) {
      place = partyPlace[1];
      found.push({ body: `${partyPlace[1]}委`, admin: false });
      continue;
    }
    const known = ctx.prefixUnit(s);
    if (known) {
      found.push({ body: known, admin: true });
      continue;
    }
    const body = stripPositions(s);
    if (body.length < 2) continue;
    const party = /^(.+[区县市])委$/.exec(body);
    if (party?.[1]) place = party[1];
    const gov = /^(.+[区县市])(?:人民政府|政府)/.exec(body);
    if (gov?.[1]) place = gov[1];
    found.push({ body, admin: !party && body !== "市委" });
  }
  const pick = found.find((f) => f.admin) ?? found[0];
  const bodies = found.filter((f) => f.admin).map((f) => f.body);
  return pick ? { body: pick.body, admin: pick.admin, bodies } : { body: null, admin: false, bodies };
}

function splitNameTitle(
  text: string,
  ctx: RosterContext,
): { name: string; title: string; guessed: boolean } | null {
  const m = /^(\S+?)[\s\u3000]+(.+)$/.exec(text);
  if (m?.[1] && m[2]) return { name: m[1], title: stripSpaces(m[2]), guessed: false };
  // No gap between name and title: split where a known unit or a place word starts.
  for (const k of [2, 3, 4]) {
    const rest = text.slice(k);
    if (ctx.prefixUnit(rest)) return { name: text.slice(0, k), title: rest, guessed: false };
  }
  for (const k of [2, 3]) {
    const rest = text.slice(k);
    if (/^[市省区县]/.test(rest)) return { name: text.slice(0, k), title: rest, guessed: true };
  }
  return null;
}

export function parseRoster(lines: Line[], ctx: RosterContext, warnings: Warnings): RawRosterEntry[] {
  const out: RawRosterEntry[] = [];
  let role: RosterRole | null = null;
  for (const line of lines) {
    let text = line.text;
    const label = ROLE_LABEL.exec(text);
    if (label) {
      role = roleOf(label[1] ?? "");
      text = text.slice(label[0].length).trim();
    } else {
      const other = OTHER_LABEL.exec(text);
      if (other) {
        warnings.push({ line: line.no, message: `名单中的「${other[1]}」不是组长/副组长/成员，按成员读入` });
        role = "member";
        text = text.slice(other[0].length).trim();
      }
    }
    if (text === "") continue;
    const split = splitNameTitle(text, ctx);
    if (!split || split.name.length > 5 || split.title.length < 2) {
      warnings.push({ line: line.no, message: `无法读出姓名和职务「${line.text}」` });
      continue;
    }
    if (split.guessed)
      warnings.push({
        line: line.no,
        message: `姓名与职务之间无空格，读作「${split.name}」「${split.title}」`,
      });
    let { name, title } = split;
    // Layout artefact: the place word of the title slipped into the name column ("夏伟市  财政局副局长").
    const last = name.charAt(name.length - 1);
    if (name.length >= 3 && "市省区县".includes(last) && !ctx.fullNamePrefix(title)) {
      if (ctx.fullNamePrefix(last + title)) {
        name = name.slice(0, -1);
        title = last + title;
      } else if (
        last === "市" &&
        !ctx.prefixUnit(title) &&
        /^[^市省区县]{2,8}?(?:局|委|办|部|厅)/.test(title)
      ) {
        warnings.push({
          line: line.no,
          message: `「${name}」末尾的「市」读作职务的一部分：${name.slice(0, -1)} ${last}${title}`,
        });
        name = name.slice(0, -1);
        title = last + title;
      }
    }
    if (role === null) {
      warnings.push({ line: line.no, message: `名单行前没有组长/副组长/成员标签，按成员读入` });
      role = "member";
    }
    const posts = splitTopLevel(title, ",，;；").map((t) => ({ title: t, ...postBody(t, ctx) }));
    out.push({ line: line.no, name, title, role, posts });
  }
  return out;
}
