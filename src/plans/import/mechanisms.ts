/**
 * Working mechanisms stated in prose: the reporting rhythm (实行月调度、季通报、半年检查、全年总结), the
 * liaison rule (明确1名…为联络员), where the office sits (领导小组下设办公室,在市经信局办公), and the
 * requirement that units file their own plan (制订工作方案报领导小组办公室备案).
 */
import type { Line, Warnings } from "./lines";
import { cjkToNumber, sentences } from "./text";

export type RhythmKind =
  | "monthly_dispatch"
  | "quarterly_dispatch"
  | "quarterly_bulletin"
  | "half_year_check"
  | "annual_summary";

export interface Rhythm {
  kind: RhythmKind;
  text: string;
  /** The monthly reporting day the sentence states (每月5日前 → 5). */
  day?: number;
}

/** 每月5日前 / 每月10号 / 每月二十日 → the day of the month; undefined when the sentence names none. */
export function monthlyDay(sentence: string): number | undefined {
  const m = /每月(?:的)?(\d{1,2}|[一二三四五六七八九十廿]{1,3})[日号]/.exec(sentence);
  if (!m?.[1]) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : cjkToNumber(m[1].replace("廿", "二十"));
  return Number.isInteger(n) && n >= 1 && n <= 31 ? n : undefined;
}

const withDay = (kind: RhythmKind, text: string, sentence: string): Rhythm => {
  const day = kind === "monthly_dispatch" ? monthlyDay(sentence) : undefined;
  return day === undefined ? { kind, text } : { kind, text, day };
};

const RHYTHM_RE =
  /(每?(?:半年|全年|年度|年终|季度|月度|季|月|周|旬))(调度|通报|检查|总结|报送|督查|会商|点评|小结|评估|考核|例会)/g;

function rhythmKind(period: string): RhythmKind | null {
  if (period.includes("半年")) return "half_year_check";
  if (/全年|年度|年终/.test(period)) return "annual_summary";
  if (period.includes("季")) return "quarterly_bulletin";
  if (period.includes("月")) return "monthly_dispatch";
  return null;
}

/** The rhythm, read from sentences that list it or set it up as a system (制度, 机制). */
export function readRhythm(lines: Line[], warnings: Warnings): Rhythm[] {
  const out: Rhythm[] = [];
  for (const line of lines) {
    for (const s of sentences(line.text)) {
      const found = [...s.matchAll(RHYTHM_RE)];
      // One rhythm alone counts when it says how often: "区政府每季度通报一次".
      if (found.length < 2 && !/制度|机制|实行/.test(s) && !found.some((m) => m[0].startsWith("每")))
        continue;
      for (const m of found) {
        const kind = rhythmKind(m[1] ?? "");
        if (!kind) {
          warnings.push({
            line: line.no,
            message: `不支持的工作节奏「${m[0]}」（只支持月、季、半年、全年）`,
          });
          continue;
        }
        if (!out.some((r) => r.kind === kind)) out.push(withDay(kind, m[0], s));
      }
    }
  }
  return out;
}

const CLOSING_RE =
  /(?:以下|上述|以上|各项|所有|全部)[^。；;]*任务[^。；;]*?(每(?:半年|季度|季|月|周|旬))[^。；;]*?(?:报送|上报|报告|反馈)[^。；;]*/;

/** The same said of the units: "各牵头单位于每季度末报送任务进展情况", "各村（社区）要于每月5日前报送". */
const UNITS_REPORT_RE =
  /(?:各|有关)[^。；;]{0,8}?(?:单位|部门|乡镇|街道|社区|村|[区县])[^。；;]*?(每(?:半年|季度|季|月|周|旬))[^。；;]*?(?:报送|上报|报告|反馈|(?:进展|进度|情况)报)[^。；;]*/;

/**
 * A clause that applies to every task ("以下各项任务均需于每月5日前报送进展"): the reporting rhythm of
 * the whole plan, wherever in the task part it stands.
 */
export function readClosingClause(lines: Line[], warnings: Warnings): Rhythm[] {
  const out: Rhythm[] = [];
  for (const line of lines)
    for (const s of sentences(line.text)) {
      const m = CLOSING_RE.exec(s) ?? UNITS_REPORT_RE.exec(s);
      if (!m?.[1]) continue;
      // Units reporting every quarter is a quarterly collection (季度调度), not the office's 季通报.
      const named = rhythmKind(m[1]);
      const kind = named === "quarterly_bulletin" ? "quarterly_dispatch" : named;
      if (!kind) {
        warnings.push({ line: line.no, message: `不支持的报送周期「${m[1]}」（只支持月、季、半年、全年）` });
        continue;
      }
      if (!out.some((r) => r.kind === kind)) out.push(withDay(kind, m[0], s));
    }
  return out;
}

/** 明确1名…为联络员 → 1; null when the document does not say. */
export function readLiaisons(text: string): number | null {
  const m = /(?:明确|确定|指定|落实|安排)(\d+|[一两二三四五六七八九十])名[^。；;]{0,40}?联络员/.exec(text);
  if (!m?.[1]) return null;
  const n = cjkToNumber(m[1]);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** 领导小组下设办公室,在市经信局办公 / 办公室设在市发改委 → the host unit as written. */
export function readOfficeHost(lines: Line[]): { name: string; line: number } | null {
  for (const line of lines) {
    const m =
      /下设办公室[^。；;]{0,12}?(?:设在|设于|在)([^,，。；;、\s]{2,30}?)(?:办公|[,，。；;]|$)/.exec(
        line.text,
      ) ?? /办公室(?:设在|设于)([^,，。；;、\s]{2,30}?)(?:办公|[,，。；;]|$)/.exec(line.text);
    if (m?.[1]) return { name: m[1], line: line.no };
  }
  return null;
}

/** "制订工作方案报领导小组办公室备案": the clause that asks every unit to file its plan. */
export function readFilingRequirement(lines: Line[]): string | null {
  for (const line of lines) {
    for (const s of sentences(line.text)) {
      const m = /[^,，]*(?:制[订定]|报送)[^,，]*方案[^,，]*备案/.exec(s);
      if (m) return m[0];
    }
  }
  return null;
}
