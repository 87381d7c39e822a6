import { describe, expect, it } from "vitest";
import { liaisonCard, officeCard } from "../../src/deadlines/messages";
import type { DeadlineReminder, DeadlineTask } from "../../src/deadlines/plan";
import { cnDayWithWeekday } from "../../src/domain/time";
import { renderCard } from "../../src/feishu/cards";
import { cardShown } from "../helpers/card-json";

const task = (n: number): DeadlineTask => ({
  id: n,
  code: `二.${n}`,
  text: `推进第${n}项重点工作。`,
  deadlines: [],
  unitIds: [1],
});
const reminder = (
  n: number,
  unitId: number,
  kind: DeadlineReminder["kind"] = "missed",
  more: Partial<Pick<DeadlineReminder, "awaits" | "reported">> = {},
): DeadlineReminder => ({
  task: task(n),
  unitId,
  occurrence: "2023-06-30",
  kind,
  awaits: "report",
  reported: false,
  ...more,
  key: `deadline:${n}:2023-06-30:${unitId}:${kind}`,
});
const shown = (card: Parameters<typeof renderCard>[0]) => cardShown(renderCard(card));

describe("the deadline reminders' cards", () => {
  it("write dates with their weekday and the task by the plan's numbering, without a doubled mark", () => {
    expect(cnDayWithWeekday("2023-06-30")).toBe("2023年6月30日（星期五）");
    const text = shown(
      liaisonCard("武汉市1号议案办理工作方案", [
        { unitName: "市经信局", reminders: [reminder(3, 1, "ahead")] },
      ]),
    );
    expect(text).toContain("市经信局：");
    expect(text).toContain(
      "**二.3** 推进第3项重点工作：完成时限为2023年6月30日（星期五），即将到期，请抓紧推进。",
    );
  });

  it("tell the office of a task once, naming every unit that has not reported, and count what does not fit", () => {
    const missed = [
      reminder(1, 1),
      reminder(1, 2),
      ...Array.from({ length: 34 }, (_, i) => reminder(i + 2, 1)),
    ];
    const names = new Map([
      [1, "江岸区人民政府"],
      [2, "江汉区人民政府"],
    ]);
    const text = shown(
      officeCard(
        "方案",
        missed.map((r) => ({ reminder: r, unitName: names.get(r.unitId) ?? "" })),
      ),
    );
    expect(text).toContain(
      "**二.1** 推进第1项重点工作（江岸区人民政府、江汉区人民政府）：完成时限为2023年6月30日（星期五）。",
    );
    expect(text.match(/\*\*二\.\d+\*\*/g)).toHaveLength(30);
    expect(text).toContain("另有5项任务");
  });

  it("after a one-off date, tell the office the units not finished apart from those that never reported", () => {
    const names = new Map([
      [1, "市经信局"],
      [2, "市司法局"],
      [3, "市农业农村局"],
    ]);
    const missed = [
      reminder(1, 1, "missed", { awaits: "completion", reported: false }),
      reminder(1, 2, "missed", { awaits: "completion", reported: true }),
      reminder(7, 3, "missed", { awaits: "report", reported: true }),
    ].map((r) => ({ reminder: r, unitName: names.get(r.unitId) ?? "" }));
    const text = shown(officeCard("方案", missed));
    expect(text).toContain("以下任务已过完成时限，相关单位尚未完成（未报送「已完成」）：");
    expect(text).toContain(
      "**二.1** 推进第1项重点工作（未完成：市司法局；未报送：市经信局）：完成时限为2023年6月30日（星期五）。",
    );
    expect(text).toContain("以下任务已过本期完成时限，相关单位本期尚未报送进展：");
    expect(text).toContain("**二.7** 推进第7项重点工作（市农业农村局）：完成时限为2023年6月30日（星期五）。");
    // The liaison of a unit that reported but is not finished is told so, not asked for progress again.
    const liaison = shown(
      liaisonCard("方案", [{ unitName: "市司法局", reminders: [missed[1]?.reminder as DeadlineReminder] }]),
    );
    expect(liaison).toContain("已逾期</font>，本单位尚未报送完成，请抓紧办结并报送。");
    expect(liaison).toContain("报送状态为「已完成」后不再提醒");
  });
});
