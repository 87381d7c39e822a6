/**
 * The plan's goals: the sentences of its 目标 part (or of 总体要求 when it has none) that state targets.
 * A target stated twice for two dates ("6月底前…网上可办率达到90%；年底前达到98%以上") names its
 * indicator once: the second is the same indicator, and the reader is told so.
 */
import type { Plan } from "../../domain/plan-format";
import { childHeadings, type Heading, headBody, headTitle } from "./headings";
import { findIndicators } from "./indicators";
import type { Warnings } from "./lines";
import { sentences, trimPunct } from "./text";

export function findGoals(roots: Heading[], taskParts: Heading[]): Heading | null {
  const search = (hs: Heading[]): Heading | null => {
    for (const h of hs) {
      if (taskParts.includes(h)) continue;
      if (h.level <= 2 && /目标/.test(headTitle(h))) return h;
      const inner = search(childHeadings(h));
      if (inner) return inner;
    }
    return null;
  };
  return search(roots);
}

/**
 * A plan with no 目标 heading often states its targets in 一、总体要求 ("到2024年底，…达到90%以上"):
 * its sentences with indicators are the goals, and the guidance around them is not.
 */
export function goalsInGuidance(roots: Heading[]): Plan["goals"] {
  const h = roots.find((r) => /总体要求|总体思路/.test(headTitle(r)));
  if (!h) return [];
  return sentences(headBody(h))
    .map((s) => ({ text: trimPunct(s), indicators: findIndicators(s) }))
    .filter((g) => g.indicators.length > 0);
}

/** A nameless target (its name is only its measure word) takes the name of the last target in the same measure. */
function nameFromEarlier(goals: Plan["goals"], line: number, warnings: Warnings): Plan["goals"] {
  const seen: { name: string; unit: string }[] = [];
  return goals.map((g) => ({
    ...g,
    indicators: g.indicators.map((i) => {
      if (i.name !== i.unit) {
        seen.push({ name: i.name, unit: i.unit });
        return i;
      }
      const earlier = [...seen].reverse().find((s) => s.unit === i.unit);
      if (!earlier) return i;
      warnings.push({
        line,
        message: `目标「${i.source}」未写指标名称，按前文指标「${earlier.name}」读入，请核对`,
      });
      return { ...i, name: earlier.name };
    }),
  }));
}

export function readGoals(h: Heading | null, warnings: Warnings): Plan["goals"] | null {
  if (!h) return null;
  const text = headBody(h);
  const goals = sentences(text)
    .map((s) => ({ text: trimPunct(s), indicators: findIndicators(s) }))
    .filter((g) => g.indicators.length > 0);
  if (goals.length > 0) return nameFromEarlier(goals, h.line, warnings);
  const whole = trimPunct(text);
  return whole ? [{ text: whole, indicators: [] }] : [];
}
