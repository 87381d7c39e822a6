import type { CoordStore } from "../coordination/ports";
import { renderOfficialDocx } from "../documents/official";
import { selfcheckCountsText } from "../domain/selfcheck";
import type { GoalStore } from "../goals/ports";
import type { CardRef, RichText } from "../kernel/messages";
import type { AuditStore } from "../members/ports";
import type { MilestoneStore } from "../milestones/ports";
import { taskList } from "../status/bulletins/preview-card";
import type { SummaryStore } from "./ports";
import { selfcheckCard } from "./selfcheck";
import { yearSummaryDocument } from "./year";

/** /summary year: the 全年工作总结 drafted from the data as a .docx, with a short preview card for the office. */

export interface SummaryDeps {
  goals: GoalStore;
  items: CoordStore;
  milestones: MilestoneStore;
  summary: SummaryStore;
  audit: AuditStore;
  timezone: string;
}

/** What /plan result keeps: one sentence or a short paragraph (满意度测评 result, score, remarks). */
export const RESULT_MAX = 500;

const lit = (s: string): RichText => ({ rich: [s] });

/** The year's tasks by light and the red and yellow ones ("二.3 标题"), as the year's 通报 judges them. */
export interface YearLights {
  lights: { green: number; yellow: number; red: number };
  redTasks: string[];
  yellowTasks: string[];
}

export function createSummaryService(deps: SummaryDeps) {
  return {
    /** /selfcheck: the 自评 round's tally for the office; a sentence when no 自评 round was opened. */
    async selfcheck(planId: string) {
      const [tally, result] = await Promise.all([
        deps.summary.selfcheck(planId),
        deps.summary.result(planId),
      ]);
      if (!tally)
        return {
          ok: false as const,
          text: "尚未开启任务自评轮次。领导小组办公室可发送「/round open selfcheck 2022」开启。",
        };
      return { ok: true as const, card: selfcheckCard(tally, result, deps.timezone) };
    },

    /** /plan result 文字: records the 满意度测评 result on the plan (a new record each time, audited). */
    async recordResult(planId: string, text: string, actor: string, now: Date) {
      const clean = text.trim();
      if (!clean)
        return {
          ok: false as const,
          text: "用法：/plan result 测评结果（例如 满意度测评结果为满意，得分95.6分）",
        };
      if ([...clean].length > RESULT_MAX)
        return { ok: false as const, text: `测评结果不能超过${RESULT_MAX}字。` };
      const before = await deps.summary.result(planId);
      await deps.summary.addResult(planId, clean, actor, now);
      await deps.audit.record({
        planId,
        actor,
        action: "plan.result",
        subject: `plan:${planId}`,
        before: before ? { text: before.text } : null,
        after: { text: clean },
        at: now,
      });
      return { ok: true as const, text: `已记录测评结果：${clean}` };
    },

    /** The 测评结果 line of /status, once recorded. */
    async resultSection(planId: string): Promise<RichText | undefined> {
      const r = await deps.summary.result(planId);
      return r ? { rich: ["**测评结果**\n", { text: r.text }] } : undefined;
    },

    /**
     * The draft (.docx) and its one-screen preview: the counts, the red and yellow tasks of the year (`lights`,
     * from the status room), and 修改 / 发布 / 下载 with values {action: "summary_draft", planId, op}.
     */
    async draftYear(planId: string, now: Date, lights?: YearLights) {
      const plan = await deps.goals.plan(planId);
      if (!plan) return { ok: false as const, text: "未找到该工作方案。" };
      const [goals, achievements, milestones, items, units, selfcheck, result, annual] = await Promise.all([
        deps.goals.goals(planId),
        deps.summary.achievements(planId),
        deps.milestones.officeMilestones(planId),
        deps.items.all(planId),
        deps.summary.reportingRecord(planId),
        deps.summary.selfcheck(planId),
        deps.summary.result(planId),
        deps.summary.annualReports(planId),
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
          selfcheck,
          result,
          annual,
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
          ...(selfcheck
            ? [`任务自评：${selfcheckCountsText(selfcheck)}${result ? " · 测评结果已记录" : ""}`]
            : []),
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
