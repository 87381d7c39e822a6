import type { Action } from "../domain/permissions";
import { editDistance } from "../domain/units";
import type { CardActionResult } from "../kernel/messages";
import type { CardContext, CommandContext, ListenerContext } from "./context";
import type { BotEvent } from "./events";

/** A chat command: one file per command under src/bot/commands/, listed in src/bot/commands/index.ts. */
export interface CommandDef {
  /** Stable English name without the slash (docs/contract.md), e.g. "status". */
  name: string;
  /** Chinese (and other) aliases without the slash, e.g. ["进度"]. */
  aliases: readonly string[];
  /** One line for /help, Chinese. */
  summary: string;
  /** Usage line for /help and errors, e.g. "/status [单位|任务编号]". */
  usage: string;
  /** Checked by the router before run (unit-scoped checks with a target happen in run). */
  action: Action;
  /** False for commands that work without a plan (e.g. /help, /plan). Default true. */
  needsPlan?: boolean;
  run(ctx: CommandContext): Promise<void>;
}

/** A card action: the clicked component's value.action names it. One file each under src/bot/actions/. */
export interface CardActionDef {
  name: string;
  action: Action;
  run(ctx: CardContext): Promise<CardActionResult>;
}

/** Listeners for membership and chat events, registered by kind (like bolt-js). */
export type ListenerKind = Exclude<BotEvent["kind"], "message" | "card_action">;
export interface ListenerDef<K extends ListenerKind = ListenerKind> {
  kind: K;
  name: string;
  run(ctx: ListenerContext, event: Extract<BotEvent, { kind: K }>): Promise<void>;
}

/** Finds a command by its name or an alias (case-insensitive, full-width slash allowed). */
export function findCommand(commands: readonly CommandDef[], typed: string): CommandDef | undefined {
  const t = typed.toLowerCase();
  return commands.find((c) => c.name === t || c.aliases.some((a) => a.toLowerCase() === t));
}

/** The command whose name or alias is closest to what was typed (for "did you mean"). */
export function closestCommand(commands: readonly CommandDef[], typed: string): CommandDef | undefined {
  let best: { cmd: CommandDef; d: number } | undefined;
  const t = typed.toLowerCase();
  for (const cmd of commands) {
    for (const n of [cmd.name, ...cmd.aliases]) {
      const d = editDistance(t, n.toLowerCase());
      if (!best || d < best.d) best = { cmd, d };
    }
  }
  if (!best) return undefined;
  // Only suggest when reasonably close: half the length, at least 1 and at most 3 edits.
  return best.d <= Math.min(3, Math.max(1, Math.ceil(t.length / 2))) ? best.cmd : undefined;
}
