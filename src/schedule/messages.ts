/**
 * The schedule's messages, in Chinese, as nudge cards (cards/nudge.json) built with md/mention so that
 * unit names and task texts are escaped and only our own mentions ring. Each becomes outbox items whose
 * keys are the planner's deterministic keys.
 */

import { formatLocal } from "../domain/time";
import { type CardRef, joinRich, md, mention, plain, type RichText } from "../kernel/messages";
import type { OutboxItem } from "../outbox/ports";
import { hash32 } from "./domain/jitter";
import { STEP_LABEL } from "./domain/ladder";
import type { MissingTask, OfficeTarget, PersonRef, RoundRef, ScheduleAction } from "./domain/types";

type NudgeAction = Extract<ScheduleAction, { type: "nudge" }>;
type OfficeNudgeAction = Extract<ScheduleAction, { type: "nudge_office" }>;
type EscalateAction = Extract<ScheduleAction, { type: "escalate" }>;
type DigestAction = Extract<ScheduleAction, { type: "digest" }>;
type OpenAction = Extract<ScheduleAction, { type: "open_round" }>;

/** At most this many lines in a card's list; the rest is counted ("…等 N 项"). */
const MAX_LINES = 40;
const TASK_TEXT_CHARS = 24;

const DOCUMENT_OF: Record<RoundRef["kind"], string> = {
  monthly: "进展情况",
  filing: "本单位具体工作方案（备案）",
  half_year: "半年工作小结",
  annual: "全年工作总结",
  selfcheck: "任务自评",
};

/** Our own text (a formatted date): trusted, shown as is. */
function ours(text: string): RichText {
  return { rich: [text] };
}

/** "6月24日（星期五）18:00", and whether it is the unit's own date after the office reopened the round for it. */
function due(round: RoundRef): RichText {
  return ours(`${formatLocal(round.dueAt, round.timezone)}${round.reopened ? "（办公室延期后）" : ""}`);
}

function taskLabel(round: RoundRef, t: MissingTask): RichText {
  if (t.taskCode === null) return plain(DOCUMENT_OF[round.kind]);
  const text = t.taskText ?? "";
  const short = text.length > TASK_TEXT_CHARS ? `${text.slice(0, TASK_TEXT_CHARS)}…` : text;
  return short ? md`${t.taskCode} ${short}` : plain(t.taskCode);
}

function codes(round: RoundRef, missing: MissingTask[]): RichText {
  const shown = missing
    .slice(0, 8)
    .map((t) => (t.taskCode === null ? plain(DOCUMENT_OF[round.kind]) : plain(t.taskCode)));
  const more = missing.length > 8 ? `等 ${missing.length} 项` : "";
  return md`${joinRich(shown, "、")}${more}`;
}

function lines(items: RichText[]): RichText {
  const shown = items.slice(0, MAX_LINES).map((i) => md`- ${i}`);
  if (items.length > MAX_LINES) shown.push(md`- …等 ${items.length} 项`);
  return joinRich(shown, "\n");
}

function card(data: {
  title: string;
  subtitle: string;
  color: "blue" | "orange" | "red" | "wathet";
  body: RichText;
  items?: RichText;
  note?: string;
}): CardRef {
  return { template: "nudge", data: { ...data, title: plain(data.title), subtitle: plain(data.subtitle) } };
}

const STEP_COLOR = { remind: "blue", due: "orange", overdue: "red" } as const;

export function nudgeItems(a: NudgeAction): OutboxItem[] {
  const { round, unit, liaison, missing } = a;
  const n = missing.length;
  // Every step goes to the person directly; the overdue one adds 加急 and a line in the work group's digest.
  const to = md`**${unit.name}** — ${liaison.name || "联络员"}：`;
  const body =
    a.step === "remind"
      ? md`${to}本单位在「${round.title}」中尚有 **${n}** 项未报送，截止时间为 **${due(round)}**，请按时报送。`
      : a.step === "due"
        ? md`${to}「${round.title}」**今日截止**（${due(round)}），本单位尚有 **${n}** 项未报送，请于截止前报送。`
        : md`${to}「${round.title}」已过截止时间（${due(round)}），本单位尚有 **${n}** 项未报送，请尽快补报。`;
  const message = card({
    title: `${STEP_LABEL[a.step]} · ${round.title}`,
    subtitle: unit.name,
    color: STEP_COLOR[a.step],
    body,
    items: lines(missing.map((t) => taskLabel(round, t))),
    note: "请在本轮的总览卡片中逐项填报；全部报送后不再提醒。",
  });
  const items: OutboxItem[] = [
    {
      kind: "send",
      key: a.key,
      purpose: "nudge",
      planId: round.planId,
      notBefore: a.notBefore,
      to: a.to,
      message: { type: "card", card: message },
    },
  ];
  if (a.urgent) {
    items.push({
      kind: "urgent",
      key: `${a.key}:urgent`,
      purpose: "nudge",
      planId: round.planId,
      notBefore: a.notBefore,
      target: { outboxKey: a.key },
      openIds: [liaison.openId],
    });
  }
  return items;
}

/** Sends one card to the office: its chat, else each office member directly (keys suffixed per member). */
export function toOffice(
  key: string,
  planId: string,
  notBefore: Date,
  office: OfficeTarget,
  message: CardRef,
  purpose: string,
): OutboxItem[] {
  if (office.chatId !== null)
    return [
      {
        kind: "send",
        key,
        purpose,
        planId,
        notBefore,
        to: { chatId: office.chatId },
        message: { type: "card", card: message },
      },
    ];
  return office.members.map((m) => ({
    kind: "send" as const,
    key: `${key}:${m.tag}`,
    purpose,
    planId,
    notBefore,
    to: { openId: m.openId },
    message: { type: "card" as const, card: message },
  }));
}

export function officeNudgeItems(a: OfficeNudgeAction): OutboxItem[] {
  const { round } = a;
  const message = card({
    title: `${STEP_LABEL[a.step]} · ${round.title}`,
    subtitle: "以下单位未绑定联络员",
    color: STEP_COLOR[a.step],
    body: md`以下 **${a.units.length}** 个单位在「${round.title}」中仍有未报送事项（截止 ${due(round)}），但尚未绑定联络员，本应发给联络员的${STEP_LABEL[a.step]}改发办公室，请转告：`,
    items: lines(
      a.units.map((u) => md`**${u.unit.name}**：${u.missing.length} 项（${codes(round, u.missing)}）`),
    ),
    note: "单位联络员在群内 @督办 发送 /bind 单位名 即可绑定，之后提醒直接发给联络员。",
  });
  return toOffice(a.key, round.planId, a.notBefore, a.office, message, "nudge");
}

function who(p: PersonRef | null): RichText {
  return p ? mention(p.openId) : plain("未绑定联络员");
}

export function escalationItems(a: EscalateAction): OutboxItem[] {
  const { round } = a;
  const list = lines(
    a.overdue.map(
      (o) => md`**${o.unit.name}**（${who(o.liaison)}）：${o.missing.length} 项 — ${codes(round, o.missing)}`,
    ),
  );
  if (a.audience === "office" && a.office) {
    const message = card({
      title: `逾期督办 · ${round.title}`,
      subtitle: `${a.overdue.length} 个单位逾期未报`,
      color: "red",
      body: md`「${round.title}」已于 **${due(round)}** 截止，以下 **${a.overdue.length}** 个单位仍有事项未报送：`,
      items: list,
      note: "可在群内 @督办 /remind 单位名 再次催办，/missing 查看最新未报清单。",
    });
    return toOffice(a.key, round.planId, a.notBefore, a.office, message, "escalation");
  }
  if (a.audience === "lead" && a.lead) {
    const message = card({
      title: `牵头任务逾期 · ${round.title}`,
      subtitle: a.lead.unit.name,
      color: "red",
      body: md`${mention(a.lead.liaison.openId)} **${a.lead.unit.name}** 牵头的任务中，以下责任单位「${round.title}」逾期未报（截止 ${due(round)}）：`,
      items: lines(a.overdue.map((o) => md`**${o.unit.name}**：${codes(round, o.missing)}`)),
      note: "请牵头单位督促责任单位尽快报送；办公室已收到全部逾期清单。",
    });
    return [
      {
        kind: "send",
        key: a.key,
        purpose: "escalation",
        planId: round.planId,
        notBefore: a.notBefore,
        to: { openId: a.lead.liaison.openId },
        message: { type: "card", card: message },
      },
    ];
  }
  return [];
}

/**
 * The work group's one message of a tick: the units overdue in it, named as 单位 — 姓名 without @ (each
 * liaison has had a direct message and 加急).
 */
export function digestItems(a: DigestAction): OutboxItem[] {
  const rounds = [...new Set(a.lines.map((l) => l.round.title))];
  const message = card({
    title: `逾期未报汇总 · ${rounds.join("、")}`,
    subtitle: `${a.lines.length} 个单位`,
    color: "red",
    body: md`各成员单位：以下单位已过报送截止时间，尚有事项未报送，已分别提醒联络员：`,
    items: lines(
      a.lines.map(
        (l) =>
          md`**${l.unit.name}** — ${l.liaison.name || "联络员"}：「${l.round.title}」${l.missing} 项（截止 ${due(l.round)}）`,
      ),
    ),
    note: "请上述单位尽快在本单位的总览卡片中补报。",
  });
  return [
    {
      kind: "send",
      key: a.key,
      purpose: "nudge",
      planId: a.planId,
      notBefore: a.notBefore,
      to: { chatId: a.chatId },
      message: { type: "card", card: message },
    },
  ];
}

/**
 * A round's opening, told once to each work group: the liaisons of the units it asks, one @ each; their forms
 * are on the overview cards each received directly.
 */
export function openingItems(
  a: OpenAction,
  roundId: number,
  unitIds: ReadonlySet<number>,
  timezone: string,
): OutboxItem[] {
  const round: RoundRef = { ...a, roundId, timezone };
  return a.groups.flatMap((g) => {
    const people = g.people.filter((p) => unitIds.has(p.unit.id));
    if (people.length === 0) return [];
    const message = card({
      title: `开始报送 · ${a.title}`,
      subtitle: `${people.length} 个单位`,
      color: "blue",
      body: md`各成员单位：「${a.title}」已开始报送，截止时间为 **${due(round)}**。各单位的填报卡片已分别发送本单位联络员，请在与督办的单聊中逐项填报：`,
      items: lines(people.map((p) => md`**${p.unit.name}** — ${mention(p.person.openId)}`)),
      note: "报送齐全的单位不再收到提醒；逾期未报的，由督办分别提醒联络员并在本群汇总一次。",
    });
    return [
      {
        kind: "send" as const,
        key: `open:${roundId}:${hash32(g.chatId).toString(36)}`,
        purpose: "overview",
        planId: a.planId,
        notBefore: a.notBefore,
        to: { chatId: g.chatId },
        message: { type: "card" as const, card: message },
      },
    ];
  });
}

/** The outbox items of a planned action (none for actions that send nothing themselves). */
export function itemsFor(a: ScheduleAction): OutboxItem[] {
  switch (a.type) {
    case "nudge":
      return nudgeItems(a);
    case "nudge_office":
      return officeNudgeItems(a);
    case "escalate":
      return escalationItems(a);
    case "digest":
      return digestItems(a);
    default:
      return [];
  }
}
