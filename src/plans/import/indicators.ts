/**
 * Quantitative targets in goal and task text: a number with a measure word (个, 家, 条, %, 万个 …),
 * optionally qualified (以上/不少于 → ">=", 左右/约 → "~", 以内/不超过 → "<=", otherwise "="). Numbers
 * without a measure word (5G, IPv6, 1号议案, 2022年, 十四五, 二期) are not targets.
 */
import type { Comparator, Indicator } from "../../domain/plan-format";

const PRE = "不少于|不低于|至少|超过|突破|多于|大于|不超过|不高于|不多于|控制在|低于|少于|小于|大约|约|近";
const MEASURE =
  "个百分点|百分点|个工作日|工作日|%|％|个|家|条|项|座|台|套|人次|人|名|户|所|处|间|张|件|次|场|辆|架|部|平方公里|平方米|千米|公里|米|亩|吨|千瓦|兆瓦|元|倍|篇|款|种";
const POST = "及以上|以上|左右|上下|以内|以下|之内";

const INDICATOR_RE = new RegExp(
  `(${PRE})?(?<![A-Za-z0-9.])(\\d+(?:\\.\\d+)?)\\s*(万|亿|千)?(${MEASURE})(${POST})?`,
  "g",
);

const DELIMS = "、，,。；;：:（()）《》\n";

function comparatorOf(pre: string | undefined, post: string | undefined): Comparator {
  if (post === "以上" || post === "及以上") return ">=";
  if (post === "左右" || post === "上下") return "~";
  if (post === "以内" || post === "以下" || post === "之内") return "<=";
  if (!pre) return "=";
  if (/^(?:约|大约|近)$/.test(pre)) return "~";
  if (/^(?:不超过|不高于|不多于|控制在|低于|少于|小于)$/.test(pre)) return "<=";
  return ">=";
}

/** Scope and verb words before a target's name: "全市", "力争", "引进", "滚动实施" … */
const LEADING =
  /^(?:(?:到|至)?(?:\d{4}年)?(?:\d{1,2}月)?(?:年?底|年?末|中旬|下旬|上旬)?(?:之?前)?(?<=[年月底末旬前])|将|把|全市|全区|全县|全省|年内|今年|全年|每年|力争|累计|新增|滚动实施|实施|新建|建成|建设|引进|发布|培育|打造|完成|推动|推广|开展|举办|招引|认定|创建|组织|实现|形成|争创|吸引|落地|开工|改造|新改建|改建|更新|淘汰|关停|整治|治理|清理|扶持|支持|培训|建立|设立|布局|部署|上线|推出|达到|带动|服务)/;
const TRAILING =
  /(?:(?:压缩|压减|缩短|降低|下降|减少|提高|提升|增加|增长|扩大|控制|保持|稳定)?(?:至|到|在)|达到|达|为|突破|超过|不少于|不低于|总数|数量|规模)$/;

const TIME_ONLY =
  /^(?:到|至|在)?(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:年?底|年?末|上半年|下半年|年内|上旬|中旬|下旬)?(?:之?前|以前)?$/;

function cleanName(s: string): string {
  let cur = s.trim();
  // A word is stripped only when a real name is left ("培训人员" stays, not "人员").
  for (let i = 0; i < 6; i++) {
    const lead = cur.replace(LEADING, "");
    const next = (lead.length >= 3 ? lead : cur).replace(TRAILING, "");
    if (next === cur) break;
    cur = next;
  }
  return cur.replace(/^的|的$/, "");
}

/** Every target in `text`, in order. */
export function findIndicators(text: string): Indicator[] {
  const out: Indicator[] = [];
  let regionStart = 0;
  for (const m of text.matchAll(INDICATOR_RE)) {
    const index = m.index ?? 0;
    const [whole, pre, num, mult, measure, post] = m;
    if (!num || !measure) continue;
    const end = index + whole.length;
    // "3个月" is a duration, not a count.
    if (measure === "个" && !post && text.charAt(end) === "月") continue;
    let target = Number(num);
    let unit = measure === "％" ? "%" : measure;
    if (mult && unit === "元") unit = mult + unit;
    else if (mult) target *= mult === "万" ? 10_000 : mult === "亿" ? 100_000_000 : 1_000;
    target = Math.round(target * 1e6) / 1e6;

    let lastDelim = -1;
    for (let i = index - 1; i >= regionStart; i--) {
      if (DELIMS.includes(text.charAt(i))) {
        lastDelim = i;
        break;
      }
    }
    const clauseStart = Math.max(lastDelim + 1, regionStart);
    const next = text.charAt(end);
    let name: string;
    let sourceEnd = end;
    if (next && !DELIMS.includes(next)) {
      // "500个工业技改项目": the name follows the number.
      let j = end;
      while (j < text.length && !DELIMS.includes(text.charAt(j)) && j - end < 24) j++;
      name = cleanName(text.slice(end, j));
      sourceEnd = j;
    } else {
      // "新建工业互联网平台5个以上": the name precedes it.
      name = cleanName(text.slice(clauseStart, index));
    }
    // "2024年底前达到98%以上" names a time, not a target: the target is nameless here.
    if (!name || TIME_ONLY.test(name)) name = unit;
    out.push({
      name,
      target,
      unit,
      comparator: comparatorOf(pre, post),
      source: text.slice(clauseStart, sourceEnd),
    });
    regionStart = sourceEnd;
  }
  return out;
}
