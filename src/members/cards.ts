/**
 * Card builders for the member features (templates in cards/: mapping, member-proposal, bind-request, who, units,
 * audit, plan-choose; results use notice). Every user-supplied string goes in as untrusted text (md / plain).
 */
import { type CardRef, joinRich, md, mention, plain, type RichText } from "../kernel/messages";

/** Markdown elements hold at most this many lines each (long lists are split across elements). */
const LINES_PER_CHUNK = 20;

export function chunks(lines: RichText[]): { text: RichText }[] {
  const out: { text: RichText }[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_CHUNK)
    out.push({ text: joinRich(lines.slice(i, i + LINES_PER_CHUNK), "\n") });
  return out;
}

export function noticeCard(
  title: string,
  body: RichText,
  color: "blue" | "green" | "orange" | "red" | "grey" = "blue",
  note?: RichText,
): CardRef {
  return { template: "notice", data: { title, color, body, ...(note ? { note } : {}) } };
}

export interface MappingCardInput {
  planTitle: string;
  chatName: string;
  officeMentions: string[];
  memberCount: number;
  unitCount: number;
  liaisonCount: number;
  proposals: { label: string; value: string }[];
  gaps: { unitId: number; name: string }[];
  /** Which page of the units without a liaison this card shows; prev/next are the pager buttons' values. */
  page: {
    index: number;
    count: number;
    units: number;
    prev: Record<string, unknown> | undefined;
    next: Record<string, unknown> | undefined;
  };
  /** The result of the submit that led to this card. */
  done?: RichText | undefined;
  unmatched: string[];
  ambiguous: { name: string; rosterNames: string[] }[];
  /** No office member exists yet (no DUBAN_ADMINS, nobody known who added the bot). */
  noOffice: boolean;
  /** No Feishu app configured, or Feishu failed: the member list could not be read. */
  membersUnknown: boolean;
  submitValue: Record<string, unknown>;
}

export const MAX_UNMATCHED_NAMES = 60;

export function mappingCard(input: MappingCardInput): CardRef {
  const who =
    input.officeMentions.length > 0
      ? md`${joinRich(input.officeMentions.map(mention), " ")} 请核对本群成员与单位的对应关系。\n`
      : md`请办公室成员核对本群成员与单位的对应关系。\n`;
  const intro = md`${who}本群 **${input.memberCount}** 名成员；方案共 **${input.unitCount}** 个单位，已有联络员 **${input.liaisonCount}** 个，缺 **${input.unitCount - input.liaisonCount}** 个。`;
  const unmatchedParts: RichText[] = [];
  if (input.unmatched.length > 0) {
    const shown = input.unmatched.slice(0, MAX_UNMATCHED_NAMES);
    const more = input.unmatched.length - shown.length;
    unmatchedParts.push(
      md`未匹配的成员（${input.unmatched.length} 人，可自行发送「/绑定 单位名称」）：${joinRich(shown.map(plain), "、")}${more > 0 ? ` 等` : ""}`,
    );
  }
  for (const a of input.ambiguous)
    unmatchedParts.push(md`同名待确认：${a.name}（名单中：${a.rosterNames.join("、")}），请用 /bind 指定。`);
  const notes: RichText[] = [];
  if (input.membersUnknown)
    notes.push(
      md`未能读取群成员列表（未配置飞书应用或读取失败）；成员可自行发送「/绑定 单位名称」，或稍后发送 /mapping 重试。`,
    );
  if (input.noOffice)
    notes.push(md`尚无办公室成员：请在环境变量 DUBAN_ADMINS 中配置办公室成员的 open_id，其他人提交无效。`);
  if (input.page.count > 1) notes.push(md`翻页前请先提交本页；已提交的单位有了联络员后不再列出。`);
  notes.push(
    md`单位领导（局长、副区长等）建议设为领导，可查看进度，不占联络员；仅办公室成员可提交，已有联络员的单位不会被覆盖。`,
  );
  return {
    template: "mapping",
    data: {
      title: "成员与单位对应",
      subtitle: `${input.planTitle} · ${input.chatName || "本群"}`,
      intro,
      done: input.done ?? "",
      pageLabel:
        input.page.units === 0
          ? "各单位均已有联络员。"
          : `尚无联络员的单位：第 ${input.page.index + 1}/${input.page.count} 页，本页 ${input.page.units} 个`,
      pager: input.page.prev !== undefined || input.page.next !== undefined,
      prevValue: input.page.prev ?? "",
      nextValue: input.page.next ?? "",
      proposals: input.proposals,
      selectedValues: input.proposals.map((p) => p.value),
      gaps: input.gaps.map((g) => ({ field: `u${g.unitId}`, label: `${g.name}：选择联络员` })),
      unmatched: unmatchedParts.length > 0 ? joinRich(unmatchedParts, "\n") : "",
      note: joinRich(notes, "\n"),
      submitValue: input.submitValue,
    },
  };
}

export function memberProposalCard(input: {
  officeMentions: string[];
  person: string;
  what: string;
  why: string;
  confirmValue: Record<string, unknown>;
  ignoreValue: Record<string, unknown>;
}): CardRef {
  const at =
    input.officeMentions.length > 0 ? md`${joinRich(input.officeMentions.map(mention), " ")} ` : md``;
  return {
    template: "member-proposal",
    data: {
      title: "新成员对应建议",
      body: md`${at}新成员 **${input.person}** 加入本群（${input.why}）。\n建议设为：**${input.what}**`,
      confirmValue: input.confirmValue,
      ignoreValue: input.ignoreValue,
      note: md`仅办公室成员可确认。`,
    },
  };
}

export function bindRequestCard(input: {
  officeMentions: string[];
  requester: string;
  unit: string;
  holder: string;
  requestedRole: string;
  deputyValue: Record<string, unknown>;
  replaceValue: Record<string, unknown>;
  rejectValue: Record<string, unknown>;
}): CardRef {
  const at =
    input.officeMentions.length > 0 ? md`${joinRich(input.officeMentions.map(mention), " ")} ` : md``;
  return {
    template: "bind-request",
    data: {
      title: `绑定申请 · ${input.unit}`,
      body: md`${at}**${input.requester}** 申请成为 **${input.unit}** ${input.requestedRole}。\n该单位现有联络员：**${input.holder}**。`,
      replaceLabel: `替换为联络员`,
      replaceConfirm: `${input.requester} 将成为 ${input.unit} 联络员，${input.holder} 不再是该单位联络员。`,
      deputyValue: input.deputyValue,
      replaceValue: input.replaceValue,
      rejectValue: input.rejectValue,
      note: md`仅办公室成员可处理；每个申请只处理一次。`,
    },
  };
}

export function listCard(
  template: "who" | "units" | "audit",
  input: {
    title: string;
    subtitle: string;
    summary?: RichText;
    lines: RichText[];
    note?: RichText;
    color?: string;
  },
): CardRef {
  return {
    template,
    data: {
      title: input.title,
      subtitle: input.subtitle,
      color: input.color ?? "blue",
      summary: input.summary ?? "",
      chunks: chunks(input.lines),
      note: input.note ?? "",
    },
  };
}

export function planChooseCard(input: {
  chatName: string;
  plans: { id: string; title: string }[];
  chatId: string;
  officeMentions: string[];
}): CardRef {
  const at =
    input.officeMentions.length > 0 ? md`${joinRich(input.officeMentions.map(mention), " ")} ` : md``;
  return {
    template: "plan-choose",
    data: {
      title: "请选择本群对应的工作方案",
      body: md`${at}已导入 ${input.plans.length} 个工作方案，请办公室成员选择「${input.chatName || "本群"}」对应的方案。`,
      plans: input.plans.map((p) => ({
        label: `${p.title}（${p.id}）`,
        value: { action: "chat_plan", planId: p.id, chatId: input.chatId },
      })),
      note: md`也可发送 /plan use <方案编号>，再发送 /mapping 生成成员对应卡片。`,
    },
  };
}
