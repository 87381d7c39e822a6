import { describe, expect, it } from "vitest";
import { cnDayWithWeekday, liaisonCard, officeCard } from "../../src/deadlines/messages";
import type { DeadlineReminder, DeadlineTask } from "../../src/deadlines/plan";
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
): DeadlineReminder => ({
  task: task(n),
  unitId,
  occurrence: "2023-06-30",
  kind,
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
});
