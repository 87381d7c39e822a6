import type { CoordStore } from "../coordination/ports";
import { renderOfficialDocx } from "../documents/official";
import type { GoalStore } from "../goals/ports";
import type { CardRef, RichText } from "../kernel/messages";
import type { MilestoneStore } from "../milestones/ports";
import { taskList } from "../status/bulletins/preview-card";
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

/** The year's tasks by light and the red and yellow ones ("二.3 标题"), as the year's 通报 judges them. */
export interface YearLights {
  lights: { green: number; yellow: number; red: number };
  redTasks: string[];
  yellowTasks: string[];
}

export function createSummaryService(deps: SummaryDeps) {
  return {
    /**
     * The draft (.docx) and its one-screen preview: the counts, the red and yellow tasks of the year (`lights`,
     * from the status room), and 修改 / 发布 / 下载 with values {action: "summary_draft", planId, op}.
     */
    async draftYear(planId: string, now: Date, lights?: YearLights) {
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
      const l = lights?.lights ?? { green: 0, yellow: 0, red: 0 };
      const figures = lit(
        [
          `**${year}年** · 目标指标${goals.length}项（已报完成值${goals.filter((g) => g.latest).length}项） · 报送单位${units.length}家`,
          `办公室节点${milestones.length}项，已完成${milestones.filter((m) => m.doneOn).length}项 · 协调事项${items.length}项，未销号${open}项`,
          `任务：<font color='green'>绿 ${l.green}</font> · <font color='orange'>黄 ${l.yellow}</font> · <font color='red'>红 ${l.red}</font>`,
        ].join("\n"),
      );
      const value = (op: "edit" | "publish" | "download") => ({ action: "summary_draft", planId, op });
      const card: CardRef = {
        template: "bulletin-preview",
        data: {
          title: `${year}年全年工作总结`,
          subtitle: "草稿 · 仅办公室可见",
          color: "orange",
          figures,
          red: taskList("红灯", "red", lights?.redTasks ?? []),
          yellow: taskList("黄灯", "orange", lights?.yellowTasks ?? []),
          draft: true,
          editValue: value("edit"),
          publishValue: value("publish"),
          downloadValue: value("download"),
          note: "全文见 Word 文件。「修改」说明如何修改；「发布」选择发往工作群、领导小组群或仅生成文件。",
        },
      };
      return {
        ok: true as const,
        fileName: `${year}年全年工作总结（草稿）.docx`,
        finalName: `${year}年全年工作总结.docx`,
        title: `${year}年全年工作总结`,
        bytes,
        card,
        doc,
      };
    },
  };
}

export type SummaryService = ReturnType<typeof createSummaryService>;
