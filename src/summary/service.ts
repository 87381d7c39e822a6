import type { CoordStore } from "../coordination/ports";
import { renderOfficialDocx } from "../documents/official";
import type { GoalStore } from "../goals/ports";
import type { CardRef, RichText } from "../kernel/messages";
import type { MilestoneStore } from "../milestones/ports";
import type { SummaryStore } from "./ports";
import { yearSummaryDocument } from "./year";

/** /summary year: the 全年工作总结 drafted from the data as a .docx, with a short preview card for the office. */

export interface SummaryDeps {
  goals: GoalStore;
  items: CoordStore;
  milestones: MilestoneStore;
  summary: SummaryStore;
  timezone: string;
}

const lit = (s: string): RichText => ({ rich: [s] });

export function createSummaryService(deps: SummaryDeps) {
  return {
    async draftYear(planId: string, now: Date) {
      const plan = await deps.goals.plan(planId);
      if (!plan) return { ok: false as const, text: "未找到该工作方案。" };
      const [goals, achievements, milestones, items, units] = await Promise.all([
        deps.goals.goals(planId),
        deps.summary.achievements(planId),
        deps.milestones.officeMilestones(planId),
        deps.items.all(planId),
        deps.summary.reportingRecord(planId),
      ]);
      const year = plan.issuedOn?.slice(0, 4) ?? String(now.getUTCFullYear());
      const planTitle = plan.title.replace(/^.*?关于印发/, "").replace(/的通知$/, "");
      const doc = yearSummaryDocument(
        {
          planTitle: planTitle.replace(/工作方案$/, "工作").replace(/^《|》$/g, ""),
          year,
          issuer: `${plan.officeUnitName ? "" : ""}领导小组办公室`,
          planDate: plan.issuedOn,
          goals,
          achievements,
          milestones,
          items,
          units,
        },
        now,
        deps.timezone,
      );
      const bytes = await renderOfficialDocx({ ...doc, tz: deps.timezone });
      const open = items.filter((i) => i.state !== "closed").length;
      const card: CardRef = {
        template: "notice",
        data: {
          title: `全年工作总结（草稿）· ${year}年`,
          color: "blue",
          body: lit(
            [
              `**目标指标：**${goals.length}项，已报送完成值${goals.filter((g) => g.latest).length}项`,
              `**主要工作成效：**${achievements.reduce((n, s) => n + s.tasks.length, 0)}项任务有牵头单位报送`,
              `**办公室节点：**${milestones.length}项，已完成${milestones.filter((m) => m.doneOn).length}项`,
              `**协调事项和代表意见建议：**${items.length}项，未销号${open}项`,
              `**报送单位：**${units.length}家`,
            ].join("\n"),
          ),
          note: lit("草稿已作为 .docx 文件发送到本会话，请修改后印发。"),
        },
      };
      return { ok: true as const, fileName: `${year}年全年工作总结（草稿）.docx`, bytes, card, doc };
    },
  };
}

export type SummaryService = ReturnType<typeof createSummaryService>;
