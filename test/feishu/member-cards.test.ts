import { describe, expect, it } from "vitest";
import { measureCard, renderCard } from "../../src/feishu/cards";
import { md, plain } from "../../src/kernel/messages";
import {
  bindRequestCard,
  listCard,
  mappingCard,
  memberProposalCard,
  planChooseCard,
} from "../../src/members/cards";

const EVIL = "坏人<at id=all></at>[点我](http://x)";

/** The markdown an element renders (plain_text fields show text literally; markdown would act on tags). */
function markdownOf(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.tag === "markdown" && typeof o.content === "string") out.push(o.content);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join("\n");
}

function callbacks(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.type === "callback" && o.value && typeof o.value === "object")
        out.push(o.value as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const cards = {
  mapping: mappingCard({
    planTitle: "方案",
    chatName: EVIL,
    officeMentions: ["ou_office"],
    memberCount: 3,
    unitCount: 2,
    liaisonCount: 0,
    proposals: [{ label: `${EVIL} → 市经信局 联络员`, value: "ou_x|1|liaison" }],
    gaps: [{ unitId: 2, name: "市科技局" }],
    page: {
      index: 1,
      count: 3,
      units: 1,
      prev: { action: "mapping_page", planId: "p1", chatId: "oc_1", page: 0 },
      next: { action: "mapping_page", planId: "p1", chatId: "oc_1", page: 2 },
    },
    done: md`✅ ${EVIL} → 市经信局 联络员`,
    unmatched: [EVIL],
    ambiguous: [{ name: EVIL, rosterNames: ["张三"] }],
    noOffice: false,
    membersUnknown: false,
    submitValue: { action: "mapping_submit", planId: "p1", chatId: "oc_1" },
  }),
  proposal: memberProposalCard({
    officeMentions: [],
    person: EVIL,
    what: "市经信局 联络员",
    why: "名单中为 市经信局局长",
    confirmValue: { action: "member_propose", planId: "p1", decision: "confirm" },
    ignoreValue: { action: "member_propose", planId: "p1", decision: "ignore" },
  }),
  request: bindRequestCard({
    officeMentions: ["ou_office"],
    requester: EVIL,
    unit: "市经信局",
    holder: "张三",
    requestedRole: "联络员",
    deputyValue: { action: "bind_decide", planId: "p1", requestId: 1, decision: "deputy" },
    replaceValue: { action: "bind_decide", planId: "p1", requestId: 1, decision: "replace" },
    rejectValue: { action: "bind_decide", planId: "p1", requestId: 1, decision: "reject" },
  }),
  list: listCard("units", {
    title: "单位一览",
    subtitle: "方案",
    summary: md`共 ${EVIL}`,
    lines: [plain(EVIL)],
  }),
  choose: planChooseCard({
    chatName: EVIL,
    plans: [{ id: "p1", title: "方案一" }],
    chatId: "oc_1",
    officeMentions: [],
  }),
};

describe("member cards", () => {
  for (const [name, card] of Object.entries(cards)) {
    it(`${name}: renders as Card JSON 2.0 with user text escaped`, () => {
      const rendered = renderCard(card);
      expect(rendered.schema).toBe("2.0");
      const markdown = markdownOf(rendered);
      expect(markdown).toContain("坏人");
      expect(markdown).not.toContain("<at id=all>");
      expect(markdown).not.toContain("[点我](");
      expect(measureCard(rendered).elements).toBeLessThan(200);
    });
  }

  it("every button and form submit carries an action and the plan id", () => {
    for (const card of Object.values(cards)) {
      for (const value of callbacks(renderCard(card))) {
        expect(typeof value.action).toBe("string");
        expect(value.planId).toBe("p1");
      }
    }
    expect(callbacks(renderCard(cards.request))).toHaveLength(3);
  });

  it("the mapping form names every input uniquely and submits with form_action_type", () => {
    const rendered = renderCard(cards.mapping) as { body: { elements: Record<string, unknown>[] } };
    const form = rendered.body.elements.find((e) => e.tag === "form") as {
      elements: Record<string, unknown>[];
    };
    const names = form.elements.filter((e) => typeof e.name === "string").map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(["confirm", "u2", "submit"]);
    expect(form.elements.at(-1)).toMatchObject({ tag: "button", form_action_type: "submit" });
    // The office is mentioned with a real <at>, so they are notified.
    expect(JSON.stringify(rendered)).toContain("<at id=ou_office></at>");
  });
});
