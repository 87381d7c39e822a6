/**
 * The schedule's messages, in Chinese, as nudge cards (cards/nudge.json) built with md/mention so that
 * unit names and task texts are escaped and only our own mentions ring. Each becomes outbox items whose
 * keys are the planner's deterministic keys.
 */

import { formatLocal } from "../domain/time";
import { type CardRef, joinRich, md, mention, plain, type RichText } from "../kernel/messages";
import type { OutboxItem } from "../outbox/ports";
import { STEP_LABEL } from "./domain/ladder";
import type { MissingTask, OfficeTarget, PersonRef, RoundRef, ScheduleAction } from "./domain/types";

type NudgeAction = Extract<ScheduleAction, { type: "nudge" }>;
type OfficeNudgeAction = Extract<ScheduleAction, { type: "nudge_office" }>;
type EscalateAction = Extract<ScheduleAction, { type: "escalate" }>;

/** At most this many lines in a card's list; the rest is counted ("…等 N 项"). */
const MAX_LINES = 40;
const TASK_TEXT_CHARS = 24;

const DOCUMENT_OF: Record<RoundRef["kind"], string> = {
  monthly: "进展情况",
  filing: "本单位具体工作方案(备案)",
  half_year: "半年工作小结",
  annual: "全年工作总结",
};

/** Our own text (a formatted date): trusted, shown as is. */
function ours(text: string): RichText {
  return { rich: [text] };
}

/** "6月24日(周五) 18:00", and whether it is the unit's own date after the office reopened the round for it. */
function due(round: RoundRef): RichText {
  return ours(`${formatLocal(round.dueAt, round.timezone)}${round.reopened ? "(办公室延期后)" : ""}`);
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
  // Deputies are copied on the @ in the group (they can answer when the liaison is away).
  const cc =
    a.cc.length > 0
      ? md`(${joinRich(
          a.cc.map((p) => mention(p.openId)),
          " ",
        )})`
      : md``;
  // remind and due go to the liaison directly; overdue @-mentions them in the group.
  const body =
    a.step === "remind"
      ? md`${liaison.name || "联络员"}您好!**${unit.name}** 在「${round.title}」中还有 **${n}** 项未报送,截止时间 **${due(round)}**。`
      : a.step === "due"
        ? md`${liaison.name || "联络员"}您好!「${round.title}」**今天截止**(${due(round)}),**${unit.name}** 还有 **${n}** 项未报送。`
        : md`${mention(liaison.openId)}${cc} **${unit.name}**「${round.title}」已过截止时间(${due(round)}),尚有 **${n}** 项未报送,请尽快报送。`;
  const message = card({
    title: `${STEP_LABEL[a.step]} · ${round.title}`,
    subtitle: unit.name,
    color: STEP_COLOR[a.step],
    body,
    items: lines(missing.map((t) => taskLabel(round, t))),
    note: "请在本轮的总览卡片中逐项填报;全部报送后不再提醒。",
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
    body: md`以下 **${a.units.length}** 个单位在「${round.title}」中仍有未报送事项(截止 ${due(round)}),但尚未绑定联络员,本应发给联络员的${STEP_LABEL[a.step]}改发办公室,请转告:`,
    items: lines(
      a.units.map((u) => md`**${u.unit.name}**: ${u.missing.length} 项(${codes(round, u.missing)})`),
    ),
    note: "单位联络员在群内 @督办 发送 /bind 单位名 即可绑定,之后提醒直接发给联络员。",
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
      (o) => md`**${o.unit.name}**(${who(o.liaison)}): ${o.missing.length} 项 — ${codes(round, o.missing)}`,
    ),
  );
  if (a.audience === "office" && a.office) {
    const message = card({
      title: `逾期督办 · ${round.title}`,
      subtitle: `${a.overdue.length} 个单位逾期未报`,
      color: "red",
      body: md`「${round.title}」已于 **${due(round)}** 截止,以下 **${a.overdue.length}** 个单位仍有事项未报送:`,
      items: list,
      note: "可在群内 @督办 /remind 单位名 再次催办,/missing 查看最新未报清单。",
    });
    return toOffice(a.key, round.planId, a.notBefore, a.office, message, "escalation");
  }
  if (a.audience === "lead" && a.lead) {
    const message = card({
      title: `牵头任务逾期 · ${round.title}`,
      subtitle: a.lead.unit.name,
      color: "red",
      body: md`${mention(a.lead.liaison.openId)} **${a.lead.unit.name}** 牵头的任务中,以下责任单位「${round.title}」逾期未报(截止 ${due(round)}):`,
      items: lines(a.overdue.map((o) => md`**${o.unit.name}**: ${codes(round, o.missing)}`)),
      note: "请牵头单位督促责任单位尽快报送;办公室已收到全部逾期清单。",
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

/** The outbox items of a planned action (none for actions that send nothing themselves). */
export function itemsFor(a: ScheduleAction): OutboxItem[] {
  switch (a.type) {
    case "nudge":
      return nudgeItems(a);
    case "nudge_office":
      return officeNudgeItems(a);
    case "escalate":
      return escalationItems(a);
    default:
      return [];
  }
}
