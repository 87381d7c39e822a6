import { type Action, archivedRefusal, can, type Grant, permissionTable } from "../domain/permissions";
import { formatCnDate } from "../domain/time";
import type { CardActionResult } from "../kernel/messages";
import { Refusal } from "../kernel/refusal";
import type { OutboxItem } from "../outbox/ports";
import { type CardContext, type CommandContext, makeCan, toMessage } from "./context";
import type { BotDeps } from "./deps";
import { GENERIC_FAILURE } from "./errors";
import type { BotEvent, BotHandler, CardActionEvent, MessageEvent } from "./events";
import { evidenceFileOf, evidenceUnits, onEvidenceFile, repliesToBot } from "./evidence-file";
import { LIMITS, overlongField, tooLong } from "./limits";
import { parseCommand } from "./parse";
import { isPlanFileRequest, onPlanFile, onPlanFileRequest } from "./plan-file";
import {
  type CardActionDef,
  type CommandDef,
  closestCommand,
  findCommand,
  type ListenerDef,
  type ListenerKind,
} from "./registry";

export interface BotDefinition {
  commands: readonly CommandDef[];
  actions: readonly CardActionDef[];
  listeners: readonly ListenerDef[];
}

/**
 * The bot as a function of its dependencies (like probot): routes normalized events to commands, card actions
 * and listeners, resolving the plan and the caller's grants and checking the authorization table first.
 */
export function createBot(deps: BotDeps, def: BotDefinition): BotHandler {
  const enqueue = (items: OutboxItem[]) => deps.outbox.enqueue(items);

  async function grantsFor(planId: string | undefined, openId: string): Promise<Grant[]> {
    const stored = planId ? await deps.access.grants(planId, openId) : [];
    return deps.admins.includes(openId) ? [...stored, { role: "office", unitId: null }] : stored;
  }

  /**
   * A group chat's bound plan; otherwise the only plan not archived (else the only plan); in p2p, the only
   * plan the person works on, a plan not archived first (last year's closed plan gives way to this year's).
   * With the plan comes the date it was archived, in words, when it was.
   */
  async function planFor(
    chatId: string | undefined,
    chatType: "group" | "p2p",
    openId: string,
    fromValue?: string,
  ): Promise<{ planId: string | undefined; archivedOn: string | undefined }> {
    const all = await deps.access.planIds();
    const found = (id: string | undefined) => {
      const plan = all.find((p) => p.id === id);
      return {
        planId: id,
        archivedOn: plan?.archivedAt ? formatCnDate(plan.archivedAt, deps.timezone) : undefined,
      };
    };
    if (fromValue) return found(fromValue);
    if (chatId) {
      const chat = await deps.access.chat(chatId);
      if (chat?.planId) return found(chat.planId);
    }
    const single = (ids: string[]) => {
      const open = ids.filter((id) => !all.find((p) => p.id === id)?.archivedAt);
      return open.length === 1 ? open[0] : ids.length === 1 ? ids[0] : undefined;
    };
    const any = single(all.map((p) => p.id));
    if (any || chatType !== "p2p") return found(any);
    return found(single(await deps.access.plansOf(openId)));
  }

  async function onMessage(event: MessageEvent): Promise<void> {
    // A file or photo in a group can carry no @: one replying to the bot's own message is meant for it.
    const attached = event.file !== undefined || event.image !== undefined;
    if (!event.addressed && !(attached && (await repliesToBot(deps, event)))) return;
    let n = 0;
    const reply = async (message: Parameters<CommandContext["reply"]>[0]) => {
      await enqueue([
        {
          kind: "reply",
          key: `reply:${event.eventId}:${n++}`,
          purpose: "reply",
          replyTo: { messageId: event.messageId },
          message: toMessage(message),
        },
      ]);
    };
    if (attached) {
      const { planId, archivedOn } = await planFor(event.chatId, event.chatType, event.sender.openId);
      const grants = await grantsFor(planId, event.sender.openId);
      const file = evidenceFileOf(event, deps.timezone);
      // 佐证材料 from a liaison; a file from the office is a plan unless the office member's unit has a report.
      if (planId && file && evidenceUnits(grants).length > 0) {
        const fallback = event.file !== undefined && can(grants, "plan_import");
        const input = { event, planId, grants, archivedOn, file, fallback };
        if (await onEvidenceFile(deps, input, reply)) return;
      }
      if (event.file && event.addressed)
        await onPlanFile(deps, { ...event, file: event.file }, grants, reply);
      else if (event.addressed)
        await reply("图片仅作为佐证材料保存：请由本单位联络员在报送后发送给督办助手。");
      return;
    }
    if (isPlanFileRequest(event.text)) {
      const { planId } = await planFor(event.chatId, event.chatType, event.sender.openId);
      await onPlanFileRequest(deps, event, await grantsFor(planId, event.sender.openId), reply);
      return;
    }
    if (event.text.length > LIMITS.message) {
      await reply(tooLong("消息", LIMITS.message));
      return;
    }
    const parsed = parseCommand(event.text, event.mentions);
    const { planId, archivedOn } = await planFor(event.chatId, event.chatType, event.sender.openId);
    const grants = await grantsFor(planId, event.sender.openId);
    const usable = def.commands.filter((c) => can(grants, c.action));
    if (!parsed) {
      await reply("督办助手：发送 /help 查看可用命令。");
      return;
    }
    const found = resolveCommand(def.commands, parsed.typed);
    if (!found) {
      if (!parsed.slashed) {
        await reply("督办助手：发送 /help 查看可用命令。");
        return;
      }
      const near = closestCommand(usable, parsed.typed) ?? closestCommand(def.commands, parsed.typed);
      // The typed word is echoed only when it is short enough to be a mistyped command.
      const named = parsed.typed.length <= LIMITS.commandWord ? `「/${parsed.typed}」` : "这个";
      await reply(
        near
          ? `没有${named}这个命令。您是不是要用 ${near.usage}（${near.summary}）？`
          : `没有${named}这个命令。发送 /help 查看可用命令。`,
      );
      return;
    }
    const { cmd, extra } = found;
    const argText = [extra, parsed.argText].filter(Boolean).join(" ").trim();
    const maxArgs = cmd.maxArgs ?? LIMITS.args;
    if (argText.length > maxArgs) {
      await reply(tooLong(`「/${cmd.name}」的参数`, maxArgs));
      return;
    }
    if (!can(grants, cmd.action)) {
      deps.logger.info({ command: cmd.name, user: event.sender.openId, planId }, "command refused");
      await reply(`抱歉，「/${cmd.name}」仅限${rolesText(cmd.action)}使用。发送 /help 查看您可用的命令。`);
      return;
    }
    const archived = archivedRefusal(cmd.action, archivedOn);
    if (archived) {
      await reply(archived);
      return;
    }
    if (cmd.needsPlan !== false && !planId) {
      await reply("本群尚未绑定工作方案。请办公室成员发送 /plan use <方案编号> 绑定（/plan 查看方案列表）。");
      return;
    }
    const ctx: CommandContext = {
      deps,
      now: deps.clock.now(),
      enqueue,
      event,
      command: { name: cmd.name, typed: parsed.typed },
      args: argText ? argText.split(/\s+/) : [],
      argText,
      mentions: event.mentions,
      planId,
      grants,
      can: makeCan(grants, archivedOn),
      reply,
    };
    try {
      await cmd.run(ctx);
    } catch (err) {
      if (err instanceof Refusal) {
        await reply(err.message);
        return;
      }
      deps.logger.error({ err, command: cmd.name, eventId: event.eventId }, "command failed");
      await reply(GENERIC_FAILURE);
    }
  }

  async function onCardAction(event: CardActionEvent): Promise<CardActionResult> {
    const name = typeof event.value.action === "string" ? event.value.action : undefined;
    const handler = name ? def.actions.find((a) => a.name === name) : undefined;
    if (!handler) {
      deps.logger.warn({ value: event.value, user: event.operator.openId }, "unknown card action");
      return { toast: { type: "error", content: "该卡片已失效，请重新发送命令获取最新卡片。" } };
    }
    if (overlongField(event.value, LIMITS.buttonValue))
      return { toast: { type: "error", content: "该卡片已失效，请重新发送命令获取最新卡片。" } };
    if (overlongField(event.formValue, LIMITS.formField))
      return { toast: { type: "warning", content: tooLong("填写的内容", LIMITS.formField) } };
    const planFromValue = typeof event.value.planId === "string" ? event.value.planId : undefined;
    const { planId, archivedOn } = await planFor(event.chatId, "group", event.operator.openId, planFromValue);
    const grants = await grantsFor(planId, event.operator.openId);
    if (!can(grants, handler.action)) {
      deps.logger.info({ action: handler.name, user: event.operator.openId, planId }, "card action refused");
      return { toast: { type: "warning", content: `抱歉，此操作仅限${rolesText(handler.action)}。` } };
    }
    const archived = archivedRefusal(handler.action, archivedOn);
    if (archived) return { toast: { type: "warning", content: archived } };
    const ctx: CardContext = {
      deps,
      now: deps.clock.now(),
      enqueue,
      event,
      value: event.value,
      planId,
      grants,
      can: makeCan(grants, archivedOn),
    };
    try {
      return await handler.run(ctx);
    } catch (err) {
      if (err instanceof Refusal) return { toast: { type: "warning", content: err.message } };
      deps.logger.error({ err, action: handler.name, eventId: event.eventId }, "card action failed");
      return { toast: { type: "error", content: GENERIC_FAILURE } };
    }
  }

  async function onOther(event: Exclude<BotEvent, MessageEvent | CardActionEvent>): Promise<void> {
    const ctx = { deps, now: deps.clock.now(), enqueue };
    for (const l of def.listeners.filter((x) => x.kind === event.kind)) {
      try {
        await (l as ListenerDef<ListenerKind>).run(ctx, event as never);
      } catch (err) {
        deps.logger.error({ err, listener: l.name, eventId: event.eventId }, "listener failed");
        throw err;
      }
    }
  }

  return {
    async handleEvent(event) {
      if (event.kind === "message") return onMessage(event);
      return onOther(event);
    },
    handleCardAction: onCardAction,
  };
}

/** Exact name or alias; else the longest name/alias the typed word starts with ("/进度市经信局"). */
function resolveCommand(
  commands: readonly CommandDef[],
  typed: string,
): { cmd: CommandDef; extra: string } | undefined {
  const exact = findCommand(commands, typed);
  if (exact) return { cmd: exact, extra: "" };
  let best: { cmd: CommandDef; extra: string; len: number } | undefined;
  const lower = typed.toLowerCase();
  for (const cmd of commands) {
    for (const n of [cmd.name, ...cmd.aliases]) {
      const ln = n.toLowerCase();
      if (lower.startsWith(ln) && lower.length > ln.length && (!best || ln.length > best.len)) {
        // An ASCII name must not run into more ASCII letters ("/statuses" is not "/status es").
        const next = typed.charAt(ln.length);
        if (/^[a-z]+$/.test(ln) && /[A-Za-z]/.test(next)) continue;
        best = { cmd, extra: typed.slice(ln.length), len: ln.length };
      }
    }
  }
  return best ? { cmd: best.cmd, extra: best.extra } : undefined;
}

function rolesText(action: Action): string {
  const names: Record<string, string> = {
    office: "办公室",
    leader: "领导小组成员",
    liaison: "联络员",
    deputy: "副联络员",
  };
  const roles = permissionRoles(action).filter((r) => r !== "member");
  return roles.map((r) => names[r] ?? r).join("、") || "特定成员";
}

function permissionRoles(action: Action) {
  return [...permissionTable[action].roles];
}
