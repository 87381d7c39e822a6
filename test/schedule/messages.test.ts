import { describe, expect, it } from "vitest";
import { renderCard } from "../../src/feishu/cards";
import type { CardRef } from "../../src/kernel/messages";
import type { RoundRef, ScheduleAction } from "../../src/schedule/domain/types";
import { itemsFor } from "../../src/schedule/messages";

const round: RoundRef = {
  roundId: 7,
  planId: "p",
  kind: "monthly",
  period: "2022-06",
  title: "2022年6月 月调度",
  dueAt: new Date("2022-06-24T10:00:00Z"),
  timezone: "Asia/Shanghai",
};
const notBefore = new Date("2022-06-27T01:35:00Z");

function text(card: CardRef): string {
  return JSON.stringify(renderCard(card));
}

function cardOf(item: ReturnType<typeof itemsFor>[number] | undefined): CardRef {
  if (item?.kind !== "send" || item.message.type !== "card") throw new Error("not a card send");
  return item.message.card;
}

type NudgeAction = Extract<ScheduleAction, { type: "nudge" }>;

describe("nudge messages", () => {
  const overdue: NudgeAction = {
    type: "nudge",
    key: "nudge:7:2:overdue",
    step: "overdue",
    round,
    unit: { id: 2, name: "市科技局" },
    liaison: { openId: "ou_b", name: "乙" },
    missing: [
      { taskId: 10, taskCode: "一.1", taskText: "建成机架<at id=all></at>[点我](http://x)" },
      { taskId: 11, taskCode: "一.2", taskText: "实施技改项目" },
    ],
    to: { openId: "ou_b" },
    urgent: true,
    notBefore,
    ledger: [],
  };

  it("tells the liaison directly, by unit and name, with the due date and weekday, and buzzes them after", () => {
    const items = itemsFor(overdue);
    expect(items.map((i) => [i.kind, i.key])).toEqual([
      ["send", "nudge:7:2:overdue"],
      ["urgent", "nudge:7:2:overdue:urgent"],
    ]);
    expect(items[0]).toMatchObject({ to: { openId: "ou_b" } });
    expect(items[1]).toMatchObject({ target: { outboxKey: "nudge:7:2:overdue" }, openIds: ["ou_b"] });
    const body = text(cardOf(items[0]));
    expect(body).toContain("市科技局** — 乙：");
    expect(body).not.toContain("<at id=");
    expect(body).not.toContain("您好");
    expect(body).toContain("6月24日（星期五）18:00");
    expect(body).toContain("逾期未报 · 2022年6月 月调度");
    expect(body).toContain("尚有 **2** 项未报送");
  });

  it("lists a tick's overdue units in one digest to the work group, by name and without @", () => {
    const items = itemsFor({
      type: "digest",
      key: "digest:x",
      planId: round.planId,
      chatId: "oc_group",
      timezone: round.timezone,
      lines: [
        { round, unit: { id: 2, name: "市科技局" }, liaison: { openId: "ou_b", name: "乙" }, missing: 2 },
        {
          round,
          unit: { id: 3, name: "市<at id=all></at>局" },
          liaison: { openId: "ou_c", name: "丙" },
          missing: 1,
        },
      ],
      notBefore,
      ledger: [],
    });
    expect(items.map((i) => [i.kind, i.key, "to" in i ? i.to : null])).toEqual([
      ["send", "digest:x", { chatId: "oc_group" }],
    ]);
    const body = text(cardOf(items[0]));
    expect(body).toContain("**市科技局** — 乙");
    expect(body).not.toContain("<at id=");
  });

  it("shows a reopened unit its own due date, saying the office extended it", () => {
    const dueAt = new Date("2022-07-06T10:00:00Z");
    const body = text(cardOf(itemsFor({ ...overdue, round: { ...round, dueAt, reopened: true } })[0]));
    expect(body).toContain("7月6日（星期三）18:00（办公室延期后）");
    expect(body).not.toContain("6月24日");
  });

  it("never lets a task's text ring everyone or inject a link", () => {
    const body = text(cardOf(itemsFor(overdue)[0]));
    expect(body).not.toContain("<at id=all>");
    expect(body).not.toContain("[点我](");
  });

  it("reminds directly without a mention and without a buzz", () => {
    const items = itemsFor({
      ...overdue,
      key: "nudge:7:2:remind",
      step: "remind",
      to: { openId: "ou_b" },
      urgent: false,
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "send", to: { openId: "ou_b" }, purpose: "nudge", notBefore });
    const body = text(cardOf(items[0]));
    expect(body).toContain("**市科技局** — 乙：");
    expect(body).not.toContain("<at id=");
    expect(body).toContain("截止时间为 **6月24日（星期五）18:00**");
  });

  it("tells the office which units have no liaison, once per member when there is no office chat", () => {
    const items = itemsFor({
      type: "nudge_office",
      key: "nudge:7:office:due",
      step: "due",
      round: { ...round, kind: "half_year", title: "2022年上半年 半年小结" },
      units: [
        {
          unit: { id: 3, name: "江汉区人民政府" },
          missing: [{ taskId: null, taskCode: null, taskText: null }],
        },
      ],
      office: {
        chatId: null,
        members: [
          { tag: "m4", openId: "ou_o1", name: "" },
          { tag: "m5", openId: "ou_o2", name: "" },
        ],
      },
      notBefore,
      ledger: [],
    });
    expect(items.map((i) => [i.key, i.kind === "send" ? i.to : null])).toEqual([
      ["nudge:7:office:due:m4", { openId: "ou_o1" }],
      ["nudge:7:office:due:m5", { openId: "ou_o2" }],
    ]);
    const body = text(cardOf(items[0]));
    expect(body).toContain("尚未绑定联络员");
    expect(body).toContain("江汉区人民政府");
    expect(body).toContain("半年工作小结");
  });

  it("escalates to the office with every overdue unit, liaison mentioned or marked unbound", () => {
    const items = itemsFor({
      type: "escalate",
      key: "esc:7:office",
      audience: "office",
      round,
      lead: null,
      office: { chatId: "oc_office", members: [] },
      overdue: [
        {
          unit: { id: 2, name: "市科技局" },
          liaison: { openId: "ou_b", name: "乙" },
          missing: overdue.missing,
        },
        { unit: { id: 3, name: "江汉区人民政府" }, liaison: null, missing: overdue.missing.slice(0, 1) },
      ],
      notBefore,
      ledger: [],
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ to: { chatId: "oc_office" }, purpose: "escalation" });
    const body = text(cardOf(items[0]));
    expect(body).toContain("以下 **2** 个单位仍有事项未报送");
    expect(body).toContain("<at id=ou_b></at>");
    expect(body).toContain("未绑定联络员");
  });
});
