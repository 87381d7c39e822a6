import * as z from "zod";

/**
 * Per-plan schedule settings, stored under `schedule` in plans.settings (jsonb). Every field has a default,
 * so `{}` is a complete configuration; the office changes only what differs for its plan.
 *
 * Times are local "HH:MM" in the plan's time zone; "working days" follow the Chinese calendar with 调休 and
 * the office's overrides.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "expects a local time HH:MM" });
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "expects a month YYYY-MM" });
const workdays = (def: number) => z.number().int().min(0).max(60).default(def);

const stepSchema = (time: string, enabled = true) =>
  z.object({ enabled: z.boolean().default(enabled), time: hhmm.default(time) });

export const scheduleSettingsSchema = z
  .object({
    /** false: the scheduler leaves this plan alone (no rounds, no nudges). */
    enabled: z.boolean().default(true),
    /** Nothing is sent outside these hours, nor on days off. */
    workHours: z.object({ start: hhmm.default("09:00"), end: hhmm.default("18:00") }).prefault({}),
    /** The time of day every round is due (截止时间). */
    dueTime: hhmm.default("18:00"),
    /** The time of day a round opens (the overview cards go out). */
    openTime: hhmm.default("09:30"),
    /** 月调度: one round a month through the implementation phase. */
    monthly: z
      .object({
        enabled: z.boolean().default(true),
        /** Day of the month a monthly round is due (moved to the previous working day when off; 31: month end). */
        dueDay: z.number().int().min(1).max(31).default(25),
        /** month: a round every month; quarter: one in the last month of each quarter (units report quarterly). */
        every: z.enum(["month", "quarter"]).default("month"),
        /** Override the months (default: the implementation phase: 办理落实/实施, else the longest phase). */
        from: yearMonth.optional(),
        to: yearMonth.optional(),
        openWorkdaysBefore: workdays(5),
        closeWorkdaysAfter: workdays(5),
      })
      .prefault({}),
    /** Milestone rounds (备案, 半年小结, 全年总结): a longer window to write a document. */
    milestones: z.object({ openWorkdaysBefore: workdays(10), closeWorkdaysAfter: workdays(5) }).prefault({}),
    /**
     * 自评: the lead units assess their tasks in the plan's last phase (总结评估, 满意度测评), due this many
     * working days after the phase starts; the round opens milestones.openWorkdaysBefore earlier.
     */
    selfcheck: z
      .object({ enabled: z.boolean().default(true), workdaysAfterStart: workdays(10) })
      .prefault({}),
    /** The nudge ladder, per unit, only while something is missing. */
    ladder: z
      .object({
        remind: stepSchema("09:30")
          .extend({ workdaysBefore: z.number().int().min(1).max(30).default(3) })
          .prefault({}),
        due: stepSchema("09:30").prefault({}),
        overdue: stepSchema("09:30")
          .extend({
            workdaysAfter: z.number().int().min(1).max(30).default(1),
            /** Also buzz the liaison (加急) after the @ in the group. */
            urgent: z.boolean().default(true),
          })
          .prefault({}),
        escalate: stepSchema("10:00")
          .extend({ workdaysAfter: z.number().int().min(1).max(30).default(3) })
          .prefault({}),
      })
      .prefault({}),
    /**
     * A time-of-day nudge missed (downtime, or a cron that ticks twice a day) goes out late only on the same
     * working day, in working hours, and, when this is set, only within this many minutes. Unset: the rest
     * of that working day, so that a tick at 16:00 still sends the 09:3x reminder a 09:35 tick was too early for.
     */
    graceMinutes: z.number().int().min(0).max(600).nullable().default(null),
    /** Sends are spread over this many minutes after their step time, deterministically per message. */
    jitter: z
      .object({
        minMinutes: z.number().int().min(0).max(59).default(1),
        maxMinutes: z.number().int().min(0).max(59).default(9),
      })
      .prefault({})
      .refine((j) => j.minMinutes <= j.maxMinutes, { message: "jitter.minMinutes > maxMinutes" }),
    /** Bulletin drafts (通报) for the office, after the rounds they summarise are due. */
    bulletins: z
      .object({
        month: z.boolean().default(false),
        quarter: z.boolean().default(true),
        half: z.boolean().default(true),
        year: z.boolean().default(true),
        workdaysAfterDue: z.number().int().min(0).max(30).default(1),
        time: hhmm.default("10:00"),
        /** A draft missed by downtime is still made within this many working days, then skipped. */
        catchUpWorkdays: z.number().int().min(0).max(30).default(5),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    const inHours = (t: string) => t >= s.workHours.start && t < s.workHours.end;
    if (s.workHours.start >= s.workHours.end)
      ctx.addIssue({ code: "custom", message: "workHours.start must be before workHours.end" });
    const times: Array<[string, string]> = [
      ["openTime", s.openTime],
      ["ladder.remind.time", s.ladder.remind.time],
      ["ladder.due.time", s.ladder.due.time],
      ["ladder.overdue.time", s.ladder.overdue.time],
      ["ladder.escalate.time", s.ladder.escalate.time],
      ["bulletins.time", s.bulletins.time],
    ];
    for (const [path, t] of times) {
      if (!inHours(t))
        ctx.addIssue({
          code: "custom",
          message: `${path} ${t} is outside workHours ${s.workHours.start}-${s.workHours.end}`,
        });
    }
  });

export type ScheduleSettings = z.infer<typeof scheduleSettingsSchema>;

export const defaultScheduleSettings: ScheduleSettings = scheduleSettingsSchema.parse({});

/** Reads plans.settings (the whole jsonb) → the schedule settings, or the problems found. */
export function parseScheduleSettings(
  planSettings: unknown,
): { ok: true; settings: ScheduleSettings } | { ok: false; problems: string[] } {
  const raw =
    planSettings && typeof planSettings === "object"
      ? ((planSettings as Record<string, unknown>).schedule ?? {})
      : {};
  const parsed = scheduleSettingsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `schedule.${i.path.join(".") || "（根）"}: ${i.message}`),
  };
}

/**
 * The plan document's own reporting day (每月5日前报送, read into its rhythm as `day`) is the monthly due day
 * unless the office set one in the settings: what the plan says comes first, the office's word over both.
 */
export function settingsWithPlanDefaults(planSettings: unknown, rhythm: unknown): unknown {
  const items = Array.isArray(rhythm) ? rhythm.filter(isRecord) : [];
  const monthlyItem = items.find((r) => r.kind === "monthly_dispatch");
  // A plan whose units report only each quarter (各牵头单位于每季度末报送) collects in each quarter's last month,
  // by its end unless the plan names a day.
  const quarterly = !monthlyItem && items.some((r) => r.kind === "quarterly_dispatch");
  const stated = monthlyItem?.day;
  const day = typeof stated === "number" && stated >= 1 && stated <= 31 ? stated : quarterly ? 31 : undefined;
  if (day === undefined) return planSettings;
  const all = isRecord(planSettings) ? planSettings : {};
  const schedule = isRecord(all.schedule) ? all.schedule : {};
  const monthly = isRecord(schedule.monthly) ? schedule.monthly : {};
  const defaults = {
    ...(monthly.dueDay === undefined ? { dueDay: day } : {}),
    ...(quarterly && monthly.every === undefined ? { every: "quarter" } : {}),
  };
  if (Object.keys(defaults).length === 0) return planSettings;
  return { ...all, schedule: { ...schedule, monthly: { ...monthly, ...defaults } } };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
