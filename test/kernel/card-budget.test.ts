import { describe, expect, it } from "vitest";
import { renderCard } from "../../src/feishu/cards";
import { excerpt, paginate, richBytes } from "../../src/kernel/card-budget";
import { md, mention, type RichText } from "../../src/kernel/messages";

function renderedBytes(r: RichText): number {
  const card = renderCard({ template: "notice", data: { title: "t", color: "blue", body: r } }) as {
    body: { elements: Array<{ content: string }> };
  };
  const content = card.body.elements[0]?.content ?? "";
  return new TextEncoder().encode(JSON.stringify(content)).length - 2;
}

describe("card size budget", () => {
  it("estimates the rendered size of user text, escapes and mentions included", () => {
    const samples: RichText[] = [
      md`**标题** ${"普通中文文本"}`,
      md`进展:${'<at id=all></at> [x](http://e.x) **b** _i_ ~s~ #h |t| !`c` \\ $ + - {} : . "q"\n换行'}`,
      md`${mention("ou_abc")} 请报送 ${"😀 emoji"}`,
    ];
    for (const s of samples) expect(richBytes(s)).toBe(renderedBytes(s));
  });

  it("pages by items and bytes, every item exactly once", () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ i, size: i % 5 === 0 ? 900 : 100 }));
    const seen: number[] = [];
    let pages = 0;
    for (let p = 1; ; p++) {
      const page = paginate(items, p, { maxItems: 8, maxBytes: 1000, size: (x) => x.size });
      pages = page.pages;
      seen.push(...page.items.map((x) => x.i));
      for (const x of page.items) expect(x.size).toBeLessThanOrEqual(1000);
      expect(page.items.length).toBeLessThanOrEqual(8);
      if (p >= page.pages) break;
    }
    expect(seen).toEqual(items.map((x) => x.i));
    expect(pages).toBeGreaterThan(3);
    expect(paginate(items, 99, { maxItems: 8, maxBytes: 1000, size: (x) => x.size }).page).toBe(pages);
    expect(paginate([], 1, { maxItems: 8, maxBytes: 1000, size: () => 1 })).toMatchObject({
      pages: 1,
      items: [],
    });
  });

  it("shortens user text by characters", () => {
    expect(excerpt("  一二三\n四五六七  ", 5)).toBe("一二三 四…");
    expect(excerpt("短", 5)).toBe("短");
  });
});
