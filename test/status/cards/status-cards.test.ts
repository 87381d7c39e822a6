import { describe, expect, it } from "vitest";
import { CARD_MAX_BYTES, CARD_MAX_ELEMENTS, measureCard, renderCard } from "../../../src/feishu/cards";
import type { CardRef } from "../../../src/kernel/messages";
import { bulletinCard } from "../../../src/status/bulletins/card";
import { composeBulletin } from "../../../src/status/bulletins/text";
import { missingCard, remindCard } from "../../../src/status/cards/missing-card";
import { overviewCard, taskCard, unitCard } from "../../../src/status/cards/status-card";
import { statusPageValueSchema } from "../../../src/status/service";
import {
  bigBulletinData,
  bigMissing,
  bigOverview,
  bigTask,
  bigUnit,
  now,
  round,
  TASKS,
  UNITS,
  unitName,
} from "./big-data";

function render(card: CardRef) {
  const rendered = renderCard(card); // throws CardTooLargeError past 30 KB or 200 components
  const size = measureCard(rendered);
  expect(size.bytes).toBeLessThan(CARD_MAX_BYTES);
  expect(size.elements).toBeLessThan(CARD_MAX_ELEMENTS);
  return JSON.stringify(rendered);
}

/** The markdown of a rendered card (where an unescaped <at id=all> would notify everyone). */
function markdownOf(rendered: string): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.tag === "markdown" && typeof o.content === "string") out.push(o.content);
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(rendered));
  return out.join("\n");
}

/** Renders every page of a paged card; returns the rendered pages. */
function allPages(build: (page: number) => CardRef): string[] {
  const pages: string[] = [];
  for (let page = 1; page <= 100; page++) {
    const card = build(page);
    pages.push(render(card));
    if (!card.data.more) break;
    // The 下一页 button's value is what the status_page action handler parses.
    expect(statusPageValueSchema.parse(card.data.more).page).toBe(page + 1);
  }
  return pages;
}

const names = Array.from({ length: UNITS }, (_, i) => unitName(i));
const count = (pages: string[], s: string) => pages.reduce((n, p) => n + p.split(s).length - 1, 0);

describe(`status cards at ${UNITS} units × ${TASKS} tasks`, () => {
  it("the overview shows all 50 units on one phone-sized card, overdue units first", () => {
    const pages = allPages((page) => overviewCard(bigOverview(), { now, page, planName: "1号议案" }));
    expect(pages).toHaveLength(1);
    for (const name of names) expect(count(pages, name)).toBe(1);
    const body = pages[0] ?? "";
    expect(body.indexOf("逾期未报")).toBeLessThan(body.indexOf("已全部报送"));
    expect(body.indexOf(unitName(1))).toBeLessThan(body.indexOf(unitName(0)));
  });

  it("a unit's 25 tasks with long, hostile texts stay within the limits, escaped, across pages", () => {
    const pages = allPages((page) => unitCard(bigUnit(), { now, page }));
    const all = pages.map(markdownOf).join("");
    expect(all).not.toContain("<at id=all>");
    expect(all).not.toContain("](http");
    expect(count(pages, "逾期")).toBeGreaterThanOrEqual(7);
  });

  it("a task across 50 units pages without losing a unit", () => {
    const pages = allPages((page) => taskCard(bigTask(), { now, page }));
    expect(pages.length).toBeGreaterThan(1);
    for (const name of names) expect(count(pages, `**${name}**`)).toBe(1);
    for (const p of pages) expect(markdownOf(p)).not.toContain("<at id=all>");
    expect(pages[0]).toContain("目标500000万元以上");
  });

  it("/missing lists every unit once with 无联络员 or its liaisons", () => {
    const pages = allPages((page) => missingCard(round, bigMissing(), { now, page }));
    for (const name of names) expect(count(pages, `**${name}**`)).toBe(1);
    expect(count(pages, "无联络员")).toBe(UNITS / 2 + 1); // 25 units plus the summary's count
  });

  it("/remind @-mentions the liaisons of units with missing reports and names the units without", () => {
    const body = render(remindCard(round, bigMissing(), { now }));
    expect(body).toContain("<at id=ou_liaison1></at>");
    expect(body).toContain("<at id=ou_deputy1a></at>");
    expect(body).toContain(unitName(0));
  });

  it("a bulletin with 1250 problems fits a card, shortening optional parts and saying so", () => {
    const draft = composeBulletin(bigBulletinData());
    const body = render(bulletinCard({ id: 3, state: "draft", draft }));
    expect(body).toContain("卡片中从略");
    expect(markdownOf(body)).not.toContain("<at id=all>");
    // Every unit that did not report is still named: naming them is the point of a 通报.
    const section5 = draft.sections.find((s) => s.heading === "未按时报送单位");
    expect(section5?.paragraphs.length).toBeGreaterThan(40);
    for (const i of [1, 2, 8, 10, 49]) expect(body).toContain(unitName(i));
    expect(body).toContain('"action":"bulletin_publish","bulletinId":3');
    expect(body).toContain('"action":"bulletin_edit","bulletinId":3');
    const published = render(bulletinCard({ id: 3, state: "published", draft, publishedAt: now }));
    expect(published).not.toContain("bulletin_publish");
    expect(published).toContain("已发布");
  });
});
