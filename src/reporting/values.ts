/**
 * Card action names and the callback values our collect cards carry. The bot's actions (src/bot/actions/*)
 * are registered under these names and parse these values.
 */
export const collectActions = {
  fill: "report_fill",
  submit: "report_submit",
  overview: "round_overview",
  lead: "lead_view",
  shortcut: "report_shortcut",
  evidence: "report_evidence",
} as const;

/** 本月无新进展 / 同上月 on the overview card, for one request or (no requestId) every task not yet reported. */
export const shortcutValue = (
  planId: string,
  roundId: number,
  unitId: number,
  kind: "no_progress" | "same_as_last",
  requestId?: number,
) => ({
  action: collectActions.shortcut,
  planId,
  roundId,
  unitId,
  kind,
  ...(requestId !== undefined ? { requestId } : {}),
});

export const fillValue = (planId: string, requestId: number, page: number) => ({
  action: collectActions.fill,
  planId,
  requestId,
  page,
});

export const overviewValue = (planId: string, roundId: number, unitId: number, page: number) => ({
  action: collectActions.overview,
  planId,
  roundId,
  unitId,
  page,
});

export const leadValue = (
  planId: string,
  roundId: number,
  taskId: number,
  page: number,
  back?: { unitId: number; page: number },
) => ({
  action: collectActions.lead,
  planId,
  roundId,
  taskId,
  page,
  ...(back ? { backUnitId: back.unitId, backPage: back.page } : {}),
});

/** `seen`: the revision the form was built on; `confirm`: the liaison confirmed a decreasing figure. */
export const submitValue = (
  planId: string,
  requestId: number,
  seen: number,
  page: number,
  confirm: boolean,
) => ({
  action: collectActions.submit,
  planId,
  requestId,
  seen,
  page,
  ...(confirm ? { confirm: true } : {}),
});
