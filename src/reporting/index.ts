import { progressTolerance } from "../domain/progress";
import { isSummaryKind } from "../domain/rounds";
import { cardFreshnessOf, previewAgingCards, refreshAgingCards } from "./card-refresh";
import type { CollectDeps } from "./deps";
import { normalizeTaskCode } from "./domain/assignments";
import { buildGoalForm, buildSelfcheckForm } from "./entry-forms";
import { attachEvidence, receiveEvidence } from "./evidence";
import { buildSummaryForm, buildTaskForm, reportsFigures } from "./forms";
import { buildLeadView } from "./lead-view";
import { deliverRound, openRound, reopenForUnit, resolveRound } from "./open-round";
import { buildOverview } from "./overview";
import type { PlanTiming } from "./ports";
import { applyShortcut } from "./shortcuts";
import { submitReport } from "./submit";
import type { CollectService } from "./use-cases";

export type { CollectDeps } from "./deps";

const tolerance = (timing: PlanTiming | undefined): { tolerance?: number } => {
  const t = progressTolerance(timing?.settings);
  return t === undefined ? {} : { tolerance: t };
};

/**
 * The collection use cases over the collect store and the outbox.
 *
 * The flow a liaison sees, all in one card message: the overview (their unit's tasks with 待报送/已报送/逾期/迟报
 * and 填报) → 填报 answers with the form in place → 提交 answers with the overview again, now 已报送, and a
 * toast. Callbacks answer within Feishu's 3 s with {toast, card}; other copies of the overview (the deputy's, the
 * liaison's when the office submits) are patched through the outbox, and the lead unit's liaison gets a notice.
 *
 * Decisions:
 * - Summary kinds (备案, 半年小结, 全年总结) ask one document per unit (task null); monthly asks per task.
 * - Overview cards go to the unit's liaison and deputies; a unit with neither is reported to the office (its
 *   office chat, else its office members and DUBAN_ADMINS) once per round; opening the round again (or
 *   deliverOverviews, e.g. after /bind) sends cards to contacts bound since.
 * - A revision is never overwritten; its idempotency key is (request, revision the form was built on, content):
 *   double clicks and replays (each with a new event_id) store once; a real edit comes from a form built on
 *   the newer revision. Decreasing cumulative figures need a second, confirmed submit.
 * - Indicator figures are reported by the task's figure owner (first lead, else first responsible unit), so
 *   the 时序进度 check compares whole-task figures with the task target; other units report progress only.
 */
export function createCollectService(deps: CollectDeps): CollectService {
  const { store, timezone: tz } = deps;
  return {
    openRound: (planId, kind, period, times, now, actor) =>
      openRound(deps, planId, kind, period, times, now, actor),

    async deliverOverviews(planId, now, unitId) {
      let queued = 0;
      for (const round of await store.listRounds(planId)) {
        if (round.state !== "open" || round.closesAt < now) continue;
        queued += (await deliverRound(deps, round, now, unitId)).queued;
      }
      return queued;
    },

    async findRound(planId, kind, period, now) {
      const timing = await store.planTiming(planId);
      if (!timing) return undefined;
      return (await resolveRound(deps, planId, kind, period, now, timing)).existing;
    },
    listRounds: (planId) => store.listRounds(planId),

    async requestUnit(requestId) {
      const d = await store.request(requestId);
      return d ? { planId: d.planId, unitId: d.unitId, unitName: d.unitName } : undefined;
    },

    async roundUnit(roundId, unitId) {
      const round = await store.getRound(roundId);
      const unit = round ? (await store.roundUnits(roundId)).find((u) => u.id === unitId) : undefined;
      return round && unit ? { planId: round.planId, unitId, unitName: unit.name } : undefined;
    },

    async overviewCard(roundId, unitId, now, page) {
      const round = await store.getRound(roundId);
      const requests = await store.unitRequests(roundId, unitId);
      const first = requests[0];
      if (!round || !first) return undefined;
      return buildOverview({ round, unitName: first.unitName, unitId, requests, now, tz, page });
    },

    async formCard(requestId, _now, page = 0) {
      const d = await store.request(requestId);
      if (!d) return undefined;
      if (d.goal) return buildGoalForm(d, tz, page);
      if (d.round.kind === "selfcheck") return buildSelfcheckForm(d, tz, page);
      if (isSummaryKind(d.round.kind)) return buildSummaryForm(d, tz, page);
      const lastValues = reportsFigures(d)
        ? await store.lastIndicatorValues(
            d.unitId,
            d.indicators.map((i) => i.id),
          )
        : {};
      return buildTaskForm(d, tz, page, { lastValues });
    },

    submit: (input) => submitReport(deps, input),
    shortcut: (input) => applyShortcut(deps, input),
    receiveEvidence: (input) => receiveEvidence(deps, input),
    attachEvidence: (input) => attachEvidence(deps, input),

    reopen: (roundId, unitId, until, now, actor) => reopenForUnit(deps, roundId, unitId, until, now, actor),

    cardFreshness: (messageId, now) => cardFreshnessOf(deps, messageId, now),
    refreshAgingCards: (now) => refreshAgingCards(deps, now),
    previewAgingCards: (now) => previewAgingCards(deps, now),

    taskLeads: (taskId) => store.taskLeads(taskId),

    async leadViewCard(roundId, taskId, now, page, back) {
      const round = await store.getRound(roundId);
      const requests = await store.taskRequests(roundId, taskId);
      const first = requests[0];
      if (!round || !first) return undefined;
      const detail = await store.request(first.id);
      if (!detail) return undefined;
      const leads = (await store.taskLeads(taskId)).map((u) => u.name);
      const timing = detail.indicators.length > 0 ? await store.planTiming(round.planId) : undefined;
      return buildLeadView({
        round,
        requests,
        detail,
        leads,
        timing,
        ...tolerance(timing),
        now,
        tz,
        page,
        ...(back ? { back } : {}),
      });
    },

    requestStates: (filter, now) => store.requestStatus(filter, now),
    findUnit: (planId, text) => store.findUnit(planId, text),
    async findTask(planId, code) {
      const c = normalizeTaskCode(code);
      return c ? store.findTask(planId, c) : undefined;
    },
  };
}
