import type { CommandDef } from "../registry";
import { auditCommand } from "./audit";
import { bindCommand } from "./bind";
import { bulletinCommand } from "./bulletin";
import { coordCommand, suggestCommand } from "./coord";
import { exportCommand } from "./export";
import { goalsCommand } from "./goals";
import { grantCommand } from "./grant";
import { helpCommand } from "./help";
import { leadCommand } from "./lead";
import { mappingCommand } from "./mapping";
import { milestoneCommand } from "./milestone";
import { missingCommand } from "./missing";
import { planCommand } from "./plan";
import { remindCommand } from "./remind";
import { reportCommand } from "./report";
import { roundCommand } from "./round";
import { selfcheckCommand } from "./selfcheck";
import { statusCommand } from "./status";
import { summaryCommand } from "./summary";
import { unbindCommand } from "./unbind";
import { unitsCommand } from "./units";
import { whoCommand } from "./who";
import { whoamiCommand } from "./whoami";

/** Every chat command, one file each. Add a line per command. */
export const commands: CommandDef[] = [];
commands.push(
  helpCommand(() => commands),
  planCommand,
  bindCommand,
  unbindCommand,
  whoCommand,
  unitsCommand,
  whoamiCommand,
  grantCommand,
  mappingCommand,
  auditCommand,
  roundCommand,
  leadCommand,
  reportCommand,
  statusCommand,
  missingCommand,
  remindCommand,
  bulletinCommand,
  exportCommand,
  goalsCommand,
  coordCommand,
  suggestCommand,
  milestoneCommand,
  summaryCommand,
  selfcheckCommand,
);
