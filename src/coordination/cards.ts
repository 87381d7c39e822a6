import { cnDateOf } from "../domain/time";
import { type CardRef, joinRich, md, type RichText } from "../kernel/messages";
import { ageDays, stateColor, stateLabel } from "./items";
import type { ItemView } from "./ports";

/** The cards of coordination items (template cards/coord-item.json). Values carry {action: "coord", op, itemId}. */

const lit = (s: string): RichText => ({ rich: [s] });
export const ITEM_WORD = { coord: "协调事项", suggestion: "代表意见建议" } as const;
const MAX_LISTED = 30;

export type CoordOp = "view" | "assign" | "answer" | "confirm" | "dispute" | "close";
export const coordValue = (op: CoordOp, itemId: number, unitId?: number) => ({
  action: "coord",
  op,
  itemId,
  ...(unitId !== undefined ? { unitId } : {}),
});

function describe(item: ItemView, today: string): RichText {
  const lines: RichText[] = [];
  if (item.kind === "coord")
    lines.push(
      md`**提出单位：**${item.unitName ?? "—"}${item.taskCode ? md` · 任务 ${item.taskCode}` : lit("")}`,
    );
  else
    lines.push(
      md`**代表：**${item.delegate ?? "—"}${item.occasion ? md` · 场合：${item.occasion}` : lit("")}`,
    );
  lines.push(md`**内容：**${item.text}`);
  // Later reports the liaison confirmed as the same matter (是否同一事项 → 是), in their own words.
  for (const f of item.followUps) lines.push(md`**${lit(cnDateOf(f.on))}续报：**${f.text}`);
  const repeat =
    item.repeats > 0 ? lit(` · 此后又提出${item.repeats}次（最近${cnDateOf(item.lastRaisedOn)}）`) : lit("");
  lines.push(
    joinRich(
      [lit(`**提出日期：**${cnDateOf(item.raisedOn)}（${ageDays(item.raisedOn, today)}天）`), repeat],
      "",
    ),
  );
  lines.push(lit(`**状态：**<font color='${stateColor[item.state]}'>${stateLabel[item.state]}</font>`));
  if (item.due) lines.push(lit(`**办理时限：**${cnDateOf(item.due)}`));
  for (const a of item.assignees)
    lines.push(a.answer ? md`**${a.unitName}办理情况：**${a.answer}` : md`**${a.unitName}：**尚未答复`);
  if (item.closeNote) lines.push(md`**销号说明：**${item.closeNote}`);
  return joinRich(lines, "\n");
}

const card = (item: ItemView, data: Record<string, unknown>): CardRef => ({
  template: "coord-item",
  data: {
    title: `${ITEM_WORD[item.kind]} 第${item.id}号`,
    subtitle: stateLabel[item.state],
    color: stateColor[item.state],
    ...data,
  },
});

/** The office's card of one item: 交办 while open; 销号 once assigned. */
export function officeItemCard(item: ItemView, today: string): CardRef {
  const body = describe(item, today);
  if (item.state === "open")
    return card(item, {
      body,
      form: { units: " ", due: " ", submitLabel: "交办", value: coordValue("assign", item.id) },
      note: lit("填写承办单位和办理时限后点「交办」，承办单位联络员将收到答复卡片。"),
    });
  if (item.state === "closed") return card(item, { body });
  return card(item, {
    body,
    form: { textLabel: "销号说明", submitLabel: "销号", value: coordValue("close", item.id) },
  });
}

/** An assigned unit's card: answer with 办理情况. */
export function answerCard(item: ItemView, unitId: number, today: string): CardRef {
  const mine = item.assignees.find((a) => a.unitId === unitId);
  if (!mine || mine.answer || item.state === "closed") return card(item, { body: describe(item, today) });
  return card(item, {
    body: describe(item, today),
    form: {
      textLabel: "办理情况",
      submitLabel: "提交办理情况",
      value: coordValue("answer", item.id, unitId),
    },
    note: lit("领导小组办公室交办，请在办理时限前答复。"),
  });
}

/** The raising unit's card once answered: confirm or dispute. */
export function confirmCard(item: ItemView, today: string): CardRef {
  if (item.state !== "answered") return card(item, { body: describe(item, today) });
  return card(item, {
    body: describe(item, today),
    buttons: [
      { label: "问题已解决", type: "primary", value: coordValue("confirm", item.id) },
      { label: "有异议", type: "danger", value: coordValue("dispute", item.id) },
    ],
  });
}

/** /coord: open items grouped by raising unit (suggestions last), oldest first, each with a button to its card. */
export function listCard(items: ItemView[], today: string, planName: string): CardRef {
  const open = items.filter((i) => i.state !== "closed");
  const closed = items.length - open.length;
  const groups = new Map<string, ItemView[]>();
  for (const i of open) {
    const g = i.kind === "coord" ? (i.unitName ?? "—") : ITEM_WORD.suggestion;
    groups.set(g, [...(groups.get(g) ?? []), i]);
  }
  const shown = open.slice(0, MAX_LISTED);
  const parts: RichText[] = [];
  for (const [group, list] of groups) {
    parts.push(md`**${group}**`);
    for (const i of list)
      parts.push(
        md`${lit(`第${i.id}号 · `)}${i.taskCode ? md`${i.taskCode} · ` : lit("")}${i.text}${lit(` · ${ageDays(i.raisedOn, today)}天 · ${stateLabel[i.state]}`)}`,
      );
  }
  return {
    template: "coord-item",
    data: {
      title: `${planName} · 协调事项和代表意见建议`,
      subtitle: `未销号 ${open.length} 项 · 已销号 ${closed} 项`,
      color: open.length > 0 ? "orange" : "green",
      body: parts.length > 0 ? joinRich(parts, "\n") : lit("目前没有未销号的事项。"),
      buttons: shown.map((i) => ({
        label: `第${i.id}号 ${i.state === "open" ? "交办" : "查看"}`,
        type: i.state === "open" ? "primary" : "default",
        value: coordValue("view", i.id),
      })),
      note: lit(
        open.length > MAX_LISTED
          ? `仅列出最早的${MAX_LISTED}项的按钮。`
          : "记录代表意见建议：/suggest 内容 代表 场合 日期",
      ),
    },
  };
}
