/**
 * How a task names its units: labelled lists (牵头单位/责任单位/配合单位, in any bracket or on a line of
 * their own, with : or ：), role phrases (X牵头,Y配合 / X负责), carry-forward clauses (以下任务均需各区落实,
 * 不再一一列出) and the qualifiers a unit name may carry (〈含…,下同〉, 〈汉南区人民政府〉, (以下简称…)).
 */
import { splitTopLevel, stripSpaces, topLevelSpans } from "./text";

export type Role = "lead" | "responsible" | "support";

/** A unit (or group) named by a task, as written, with its role. */
export interface UnitRef {
  role: Role;
  token: string;
  line: number;
}

// 主办单位 over 协办单位: the unit that answers for the task and those that help, as in a 任务分解表's header.
// The short forms (主办：市A；协办：市B, 【牵头】市C) count only as labels, before a colon or their closing
// bracket: 主办 and 配合 are also verbs of a task's text.
export const LABEL_WORDS =
  "牵头单位|牵头部门|主办单位|主办部门|责任单位|责任部门|主责单位|主责部门|承办单位|实施单位|配合单位|配合部门|协办单位|协办部门|参与单位|协同单位|(?<![\\u4e00-\\u9fff])(?:牵头|主办|主责|协办|配合)(?=\\s*[】\\]〕:：])";

/** A label, optionally in square brackets, optionally followed by a colon. */
const LABEL_RE = new RegExp(`[【\\[〔]?\\s*(${LABEL_WORDS})\\s*[】\\]〕]?\\s*[:：]?`, "g");

/** A line that is (or starts with) a unit label: "牵头单位：…", "【责任单位】…", "(责任单位:…)". */
const LABEL_LINE_RE = new RegExp(`^[(（【\\[〔]?\\s*(?:${LABEL_WORDS})`);

export function isLabelLine(text: string): boolean {
  return LABEL_LINE_RE.test(text);
}

export function hasLabel(text: string): boolean {
  return new RegExp(LABEL_WORDS).test(text);
}

/** A label that introduces a list ("责任单位：", "【牵头单位】"), not the word in prose ("牵头单位要勇于担当"). */
export function hasLabelSpec(text: string): boolean {
  return new RegExp(`(?:${LABEL_WORDS})\\s*[】\\]〕]?\\s*[:：]|[【\\[〔]\\s*(?:${LABEL_WORDS})`).test(text);
}

export function roleOfLabel(label: string): Role {
  if (/^(?:牵头|主办)/.test(label)) return "lead";
  if (/^(?:配合|协办|参与|协同)/.test(label)) return "support";
  return "responsible";
}

/** Organ words a unit name ends with (市经信局, 各区人民政府, 市城投公司, 人行武汉分行营管部 …). */
const ORGAN_RE =
  /(?:人民政府|政府|管委会|管理委员会|委员会|办公厅|办公室|局|委|办|部|厅|院|中心|公司|集团|银行|分行|支行|营管部|工会|妇联|科协|文联|侨联|残联|红十字会|办事处|海关|法院|检察院|大学|学院|协会|商会|联合会|研究所|监狱|署|站|队|处|社)$/;

/** A name that reads as a unit or a group of units. */
export function looksLikeUnit(name: string): boolean {
  if (name.length < 2 || name.length > 30) return false;
  // "…工作由区发展改革局" is a clause about a unit, not its name.
  if (/[0-9０-９。:：“”"]|.由[市区县省镇乡]/.test(name)) return false;
  // 市直有关部门, 区直各单位, 有关单位: collective names of units, read as groups.
  if (/^(?:[市县区省]直)?(?:各|有关|相关|各有关|各相关)?(?:部门|单位)$/.test(name) && name.length > 2)
    return true;
  if (/^各/.test(name))
    return (
      ORGAN_RE.test(name) ||
      /(?:单位|部门)$/.test(name) ||
      /^各(?:[区县市镇乡村、(（)）]|街道|社区)+$/.test(name)
    );
  return ORGAN_RE.test(name);
}

/** Whitespace and connective words around a unit name removed: "由 市发改委 等" → 市发改委. */
export function cleanToken(raw: string): string {
  return stripSpaces(raw)
    .replace(/^(?:由|和|及|以及|会同)/, "")
    .replace(/(?:等单位|等部门|等)$/, "")
    .replace(/^[“"‘']|[”"’']$/g, "");
}

export type TokenDef =
  | { kind: "group"; includes: string[] }
  | { kind: "pair"; other: string }
  | { kind: "alias"; alias: string };

export interface ParsedToken {
  name: string;
  def: TokenDef | null;
  /** Set when a bracket after the name could not be read. */
  problem: string | null;
}

/** Reads a unit token and its trailing qualifier. */
export function parseToken(raw: string): ParsedToken {
  const token = cleanToken(raw);
  const spans = topLevelSpans(token);
  const last = spans[spans.length - 1];
  if (!last || last.end !== token.length || last.start === 0)
    return { name: token, def: null, problem: null };
  const name = token.slice(0, last.start);
  const inner = last.inner;
  // 各村（社区）, 各县（市、区）: the bracket names the other kinds the collective takes in.
  if (/^各/.test(name) && /^(?:[区县市镇乡村、]|街道|社区)+$/.test(inner))
    return { name: token, def: null, problem: null };
  const includes = /^含(.+?)(?:[,，;；、]?(?:以下同|下同))?$/.exec(inner);
  if (includes?.[1])
    return { name, def: { kind: "group", includes: splitTopLevel(includes[1], "、,，和及") }, problem: null };
  if (/^(?:以下同|下同)$/.test(inner)) return { name, def: { kind: "group", includes: [] }, problem: null };
  const alias = /^以下(?:简称|称)[“"]?(.+?)[”"]?$/.exec(inner);
  if (alias?.[1]) return { name, def: { kind: "alias", alias: alias[1] }, problem: null };
  if (looksLikeUnit(inner)) return { name, def: { kind: "pair", other: inner }, problem: null };
  // The unit is still the name before the bracket; what the bracket says is reported, not guessed.
  return { name, def: null, problem: `单位「${name}」后的括号「${inner}」无法识别，已忽略` };
}

/** "市A（牵头）" in a list of 责任单位: the unit named with its own role. */
const OWN_ROLE = /^(.+?)[(（]\s*(牵头|主办|主责|负责|配合|协办|参与)\s*[)）]$/;

function refsOf(list: string, role: Role, line: number): UnitRef[] {
  return splitTopLevel(list, "、,，;；。")
    .map((t) => t.trim())
    .filter((t) => cleanToken(t).length > 0)
    .map((token) => {
      const own = OWN_ROLE.exec(token);
      return own?.[1] && own[2] ? { role: roleOfWord(own[2]), token: own[1], line } : { role, token, line };
    });
}

/** Index of the first label outside brackets (a label's own square brackets do not count), or -1. */
export function topLevelLabelIndex(s: string): number {
  const re = new RegExp(LABEL_RE.source, "g");
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const before = s.slice(0, m.index);
    if (topLevelSpans(before).some((sp) => !sp.closed)) continue;
    // "[牵头单位:A;责任单位:B]" is a bracket holding the whole list, not a bracketed label.
    const own = topLevelSpans(s.slice(m.index))[0];
    if (own && own.start === 0 && own.inner.trim() !== (m[1] ?? "")) continue;
    return m.index;
  }
  return -1;
}

/** "牵头领导：张三；" / "责任人：李四": people, not units, beside a task's labelled units. */
const PERSON_SEGMENT =
  /(?:^|(?<=[；;]))\s*(?:牵头|责任|分管|联系|包保)?(?:市|区|县)?(?:领导|责任人|联系人)\s*[:：][^；;]*(?:[；;]|$)/g;

/**
 * A labelled list: "牵头单位:市经信局;责任单位:各区人民政府", "【牵头单位】市A【责任单位】市B".
 * Returns null when the text does not start with a label.
 */
export function parseLabelled(labelled: string, line: number): UnitRef[] | null {
  const text = labelled.replace(PERSON_SEGMENT, "").trim();
  const re = new RegExp(LABEL_RE.source, "g");
  const marks: { label: string; start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(0, m.index);
    if (topLevelSpans(before).some((sp) => !sp.closed)) continue;
    marks.push({ label: m[1] ?? "", start: m.index, end: re.lastIndex });
  }
  const first = marks[0];
  if (
    !first ||
    text
      .slice(0, first.start)
      .trim()
      .replace(/^[(（]/, "") !== ""
  )
    return null;
  const refs: UnitRef[] = [];
  marks.forEach((mk, i) => {
    const next = marks[i + 1];
    refs.push(...refsOf(text.slice(mk.end, next ? next.start : text.length), roleOfLabel(mk.label), line));
  });
  return refs;
}

const ROLE_CLAUSE =
  /^(?:由)?(.+?)(?:按职责分工|按职责|分别|共同|具体)?(牵头|主办|负责|落实|承办|主责|配合|参与|协助|协同|协办)(?:推进|实施|落实|负责)?$/;
/** "市A为牵头单位" / "市B为配合单位": the role as the label's word. */
const ROLE_AS_LABEL = /^(.+?)为(牵头|主办|责任|主责|配合|协办|参与)(?:单位|部门)$/;

function roleOfWord(word: string): Role {
  if (word === "牵头" || word === "主办") return "lead";
  if (word === "负责" || word === "落实" || word === "承办" || word === "主责" || word === "责任")
    return "responsible";
  return "support";
}

/** "X牵头,Y配合" / "X主办,Y协办" / "X、Y负责": every clause must be units plus a role word. Null otherwise. */
export function parseRolePhrase(text: string, line: number): UnitRef[] | null {
  const parts = splitTopLevel(text.replace(/[。]+$/, ""), ",，;；");
  if (parts.length === 0) return null;
  const refs: UnitRef[] = [];
  for (const part of parts) {
    const clause = stripSpaces(part);
    const m = ROLE_AS_LABEL.exec(clause) ?? ROLE_CLAUSE.exec(clause);
    if (!m?.[1] || !m[2]) return null;
    // "市A会同市B负责": 市A answers for the task, 市B works with it.
    const [first = "", ...joined] = m[1].split("会同");
    const tokens = [
      ...splitTopLevel(first, "、").map((token) => ({ token, role: roleOfWord(m[2] ?? "") })),
      ...joined.flatMap((j) => splitTopLevel(j, "、").map((token) => ({ token, role: "support" as const }))),
    ];
    if (tokens.length === 0 || !tokens.every((t) => looksLikeUnit(parseToken(t.token).name))) return null;
    for (const t of tokens) refs.push({ ...t, line });
  }
  return refs;
}

/** "市A、市B" with no role word: every name must read as a unit, each then a 责任单位 (the caller warns). */
export function parseBareUnits(text: string, line: number): UnitRef[] | null {
  const tokens = splitTopLevel(text, "、,，;；");
  if (tokens.length === 0 || !tokens.every((t) => looksLikeUnit(parseToken(t).name))) return null;
  return tokens.map((token) => ({ role: "responsible", token, line }));
}

/** A line (or bracket content) that is only a unit specification, labelled or as a role phrase. */
export function parseUnitSpec(text: string, line: number): UnitRef[] | null {
  let t = text.trim();
  const spans = topLevelSpans(t);
  const only = spans[0];
  if (spans.length === 1 && only && only.start === 0 && only.end >= t.replace(/[。；;]+$/, "").length)
    t = only.inner;
  return parseLabelled(t, line) ?? parseRolePhrase(t, line);
}

export interface CarryForward {
  token: string;
  role: Role;
}

const CARRY_RE =
  /^[(（]?以下(?:各项|所有)?(?:任务|工作|事项)?(?:均|都|皆)?(?:需要|需|要|由|请)?(.+?)(?:按职责)?(落实|负责|承担|参与|配合)(?:[,，;；]?(?:不再一一列出|不再列出|不一一列出))?[。)）]?$/;

/** "以下任务均需各区落实,不再一一列出": the following tasks get 各区 as responsible. */
export function parseCarryForward(text: string): CarryForward | null {
  const m = CARRY_RE.exec(stripSpaces(text));
  if (!m?.[1] || !m[2]) return null;
  const token = cleanToken(m[1]);
  if (!looksLikeUnit(token)) return null;
  return { token, role: m[2] === "参与" || m[2] === "配合" ? "support" : "responsible" };
}
