import type { CommandDef } from "../registry";
import { helpCommand } from "./help";
import { leadCommand } from "./lead";
import { planCommand } from "./plan";
import { reportCommand } from "./report";
import { roundCommand } from "./round";

/** Every chat command, one file each. Add a line per command. */
export const commands: CommandDef[] = [];
commands.push(
  helpCommand(() => commands),
  planCommand,
  roundCommand,
  leadCommand,
  reportCommand,
);
