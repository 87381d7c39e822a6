import type { CommandDef } from "../registry";
import { helpCommand } from "./help";
import { planCommand } from "./plan";

/** Every chat command, one file each. Add a line per command. */
export const commands: CommandDef[] = [];
commands.push(
  helpCommand(() => commands),
  planCommand,
);
