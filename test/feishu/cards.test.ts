import { describe, expect, it } from "vitest";
import { CardTooLargeError, measureCard, renderCard } from "../../src/feishu/cards";
import { escapeMarkdown } from "../../src/feishu/escape";
import { md, mention } from "../../src/kernel/messages";

describe("card rendering", () => {
  it("escapes user text so an @all tag or a markdown link shows literally", () => {
    const attack = "进展顺利<at id=all></at> [点我](http://evil.example) **粗**";
    const card = renderCard({
      template: "notice",
      data: { title: "标题", color: "blue", body: md`内容:${attack}` },
    });
    const content = JSON.stringify(card);
    expect(content).not.toContain("<at id=all>");
    expect(content).not.toContain("[点我](");
    expect(content).not.toContain("**粗**");
    expect(content).toContain(escapeMarkdown("<at id=all></at>"));
    // Our own markdown literals are kept.
    expect(content).toContain("内容:");
  });

  it("keeps mentions the code adds and drops malformed ids", () => {
    const card = renderCard({
      template: "notice",
      data: { title: "t", color: "red", body: md`${mention("ou_abc123")} ${mention("all")} 请尽快报送` },
    });
    const body = JSON.stringify(card);
    expect(body).toContain("<at id=ou_abc123></at>");
    expect(body).not.toContain("<at id=all>");
  });

  it("includes optional parts only when present", () => {
    const without = renderCard({ template: "notice", data: { title: "t", color: "blue", body: "b" } });
    const withNote = renderCard({
      template: "notice",
      data: { title: "t", color: "blue", body: "b", note: "n" },
    });
    expect(measureCard(withNote).elements).toBe(measureCard(without).elements + 1);
  });

  it("refuses a card over Feishu's 30 KB limit", () => {
    const big = "数".repeat(12_000);
    expect(() => renderCard({ template: "notice", data: { title: "t", color: "blue", body: big } })).toThrow(
      CardTooLargeError,
    );
  });
});
