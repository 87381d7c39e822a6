import { addDays } from "../../domain/calendar";
import { parseRoundKind, type RoundKind, roundKindLabels } from "../../domain/rounds";
import { type RequestState, requestStateLabels } from "../../domain/states";
import { formatDue, localDay, zonedInstant } from "../../domain/time";
import { Refusal } from "../../kernel/refusal";
import type { CommandContext } from "../context";
import type { CommandDef } from "../registry";

const USAGE = [
  "/round open <类型> [期次] [截止日期]  开启报送轮次，如 /round open monthly 2022-06（类型：monthly 月调度、filing 备案、half 半年小结、annual 全年总结）",
  "/round reopen <单位> [类型 期次] [延期至]  为某单位重新开放，如 /round reopen 市科技局 monthly 2022-06 2022-07-05",
  "/round list  查看各轮次报送情况",
].join("\n");

const DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;
const TIME = /^\d{1,2}:\d{2}$/;

/** /round: the office opens a round by hand (the schedule opens them too), reopens it for a unit, lists rounds. */
export const roundCommand: CommandDef = {
  name: "round",
  aliases: ["轮次", "开启", "重开"],
  summary: "开启报送轮次、为单位重新开放、查看轮次",
  usage: "/round open <类型> [期次] | reopen <单位> | list",
  action: "round_open",
  async run(ctx) {
    const typed = ctx.command.typed;
    const args = [...ctx.args];
    let sub = typed.startsWith("开启")
      ? "open"
      : typed.startsWith("重开")
        ? "reopen"
        : (args.shift() ?? "list");
    sub =
      ({ 开启: "open", 开: "open", 重开: "reopen", 延期: "reopen", 列表: "list" } as Record<string, string>)[
        sub
      ] ?? sub;
    if (sub === "open") return await open(ctx, args);
    if (sub === "reopen") return await reopen(ctx, args);
    if (sub === "list") return await list(ctx);
    throw new Refusal(`用法：\n${USAGE}`);
  },
};

/** Reads "[kind] [period]" then an optional "YYYY-MM-DD [HH:mm]" from the front of args. */
function kindPeriodDate(args: string[]) {
  const kind: RoundKind | undefined = args[0] ? parseRoundKind(args[0]) : undefined;
  if (kind) args.shift();
  let period: string | undefined;
  if (args[0] && !DATE.test(args[0])) period = args.shift();
  let day: string | undefined;
  let time: string | undefined;
  if (args[0] && DATE.test(args[0])) {
    const [y, m, d] = (args.shift() ?? "").split("-");
    day = `${y}-${m?.padStart(2, "0")}-${d?.padStart(2, "0")}`;
    if (args[0] && TIME.test(args[0])) time = (args.shift() ?? "").padStart(5, "0");
  }
  return { kind, period, day, time, rest: args };
}

async function open(ctx: CommandContext, args: string[]) {
  const planId = ctx.planId ?? "";
  const tz = ctx.deps.timezone;
  const { kind, period, day, time } = kindPeriodDate(args);
  if (!kind && !period) throw new Refusal(`请给出轮次类型和期次。用法：\n${USAGE}`);
  const k = kind ?? "monthly";
  const result = await ctx.deps.collect.openRound(
    planId,
    k,
    period ?? "",
    day ? { dueDay: day, ...(time ? { dueTime: time } : {}) } : undefined,
    ctx.now,
    ctx.event.sender.openId,
  );
  const r = result.round;
  const lines: string[] = [];
  if (result.created) {
    lines.push(
      `已开启「${r.title}」：${result.units} 个单位、${result.requests.total} 项报送要求，报送截止 ${formatDue(r.dueAt, tz)}。`,
      `已向联络员发送 ${result.cardsQueued} 张填报卡片。`,
    );
  } else {
    lines.push(`「${r.title}」已开启（截止 ${formatDue(r.dueAt, tz)}），无需重复开启。`);
    if (result.cardsQueued > 0) lines.push(`已为新绑定的联络员补发 ${result.cardsQueued} 张填报卡片。`);
  }
  if (result.unitsWithoutContact.length > 0)
    lines.push(
      `以下 ${result.unitsWithoutContact.length} 个单位尚未绑定联络员，卡片未能送达（已通知办公室）：${result.unitsWithoutContact
        .map((u) => u.name)
        .join("、")}。绑定后再次发送本命令即可补发。`,
    );
  await ctx.reply(lines.join("\n"));
}

async function reopen(ctx: CommandContext, args: string[]) {
  const planId = ctx.planId ?? "";
  const tz = ctx.deps.timezone;
  const unitText = args.shift();
  if (!unitText) throw new Refusal(`请给出单位。用法：\n${USAGE}`);
  const unit = await ctx.deps.collect.findUnit(planId, unitText);
  if (!unit) throw new Refusal(`没有找到单位「${unitText}」。发送 /units 查看单位列表。`);
  const { kind, period, day, time } = kindPeriodDate(args);
  const at = day ? zonedInstant(day, time ?? "18:00", tz) : undefined;
  let roundId: number | undefined;
  if (kind) {
    const round = period
      ? await ctx.deps.collect.findRound(planId, kind, period, ctx.now)
      : (await ctx.deps.collect.listRounds(planId)).find((r) => r.kind === kind);
    if (!round)
      throw new Refusal(`没有找到${roundKindLabels[kind]}「${period ?? ""}」这一轮。发送 /round list 查看。`);
    roundId = round.id;
  } else {
    // The most recent round (by due date) that asks this unit for something.
    const mine = new Set(
      (await ctx.deps.collect.requestStates({ planId, unitId: unit.id }, ctx.now)).map((s) => s.roundId),
    );
    roundId = (await ctx.deps.collect.listRounds(planId)).find((r) => mine.has(r.id))?.id;
    if (!roundId) throw new Refusal(`「${unit.name}」还没有任何报送轮次。`);
  }
  const until = at ?? zonedInstant(addDays(localDay(ctx.now, tz), 3), "18:00", tz);
  const round = (await ctx.deps.collect.listRounds(planId)).find((r) => r.id === roundId);
  const done = await ctx.deps.collect.reopen(roundId, unit.id, until, ctx.now, ctx.event.sender.openId);
  await ctx.reply(
    [
      `已为「${unit.name}」重新开放「${round?.title ?? ""}」至 ${formatDue(until, tz)}，共 ${done.requests} 项；期间报送不计迟报。`,
      done.cardsQueued > 0
        ? "已向该单位联络员发送新的填报卡片。"
        : "该单位尚未绑定联络员，请先用 /bind 绑定。",
    ].join("\n"),
  );
}

async function list(ctx: CommandContext) {
  const planId = ctx.planId ?? "";
  const tz = ctx.deps.timezone;
  const rounds = await ctx.deps.collect.listRounds(planId);
  if (rounds.length === 0) {
    await ctx.reply(`尚未开启任何报送轮次。用法：\n${USAGE}`);
    return;
  }
  const states = await ctx.deps.collect.requestStates({ planId }, ctx.now);
  const lines = rounds.slice(0, 12).map((r) => {
    const mine = states.filter((s) => s.roundId === r.id);
    const n = (s: RequestState) => mine.filter((x) => x.state === s).length;
    const counts = (["reported", "late", "pending", "overdue"] as const)
      .filter((s) => n(s) > 0)
      .map((s) => `${requestStateLabels[s]} ${n(s)}`)
      .join(" · ");
    return `• ${r.title}（${r.kind} ${r.period}）截止 ${formatDue(r.dueAt, tz)}：${counts || "无报送要求"}`;
  });
  await ctx.reply(["报送轮次：", ...lines].join("\n"));
}
