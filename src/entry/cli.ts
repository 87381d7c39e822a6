import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config";
import { createPlanStore } from "../db/store/plan-store";
import { systemClock } from "../kernel/clock";
import { loadPlan, PlanValidationError, previewPlanRevision } from "../plans/load";
import { describeDiff, isEmptyDiff } from "../plans/revision";
import { openAndMigrate } from "./runtime-node";

// register-ok: English usage text for the operator, not a text the office reads
const usage = `duban (督办) — usage:
  duban serve                               start the service (same as npm start)
  duban migrate                             apply database migrations
  duban plan import <document> [--json]     read a 工作方案 (.docx .doc .pdf .txt); print the plan format
  duban plan load <plan.json> [--id <id>] [--confirm]  validate and load a plan (a revision shows its diff until confirmed)
  duban plan list                           list loaded plans
  duban tick [--at <ISO time>] [--dry-run]  run (or preview) the scheduler once
  duban backup <file>                       write one consistent file of everything
  duban restore <file> [--force]            load a backup into an empty database
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`duban: ${message}\n`);
  process.exit(code);
}

function config() {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(`config error: ${err.message}`);
    throw err;
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve":
    case undefined: {
      const cfg = config();
      const { startNode } = await import("./node");
      const running = await startNode(cfg);
      const stop = () => {
        running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      return;
    }
    case "migrate": {
      const cfg = config();
      const database = await openAndMigrate(cfg);
      await database.close();
      process.stdout.write("migrations applied\n");
      return;
    }
    case "plan":
      return planCommand(rest);
    case "tick": {
      const { runTickCommand } = await import("./tick-command");
      return runTickCommand(rest, config());
    }
    case "backup": {
      const { runBackupCommand } = await import("./backup-command");
      return runBackupCommand(rest, config(), systemClock);
    }
    case "restore": {
      const { runRestoreCommand } = await import("./backup-command");
      return runRestoreCommand(rest, config());
    }
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(usage);
      return;
    default:
      fail(`unknown command "${command}"\n${usage}`, 2);
  }
}

async function planCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === "import") {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { json: { type: "boolean", default: false } },
      allowPositionals: true,
    });
    const file = positionals[0];
    if (!file) fail("plan import needs a document path");
    const { importPlanFile } = await import("../plans/formats/import-file");
    const result = await importPlanFile(readFileSync(file), basename(file), { id: slug(file) });
    for (const w of result.warnings ?? [])
      process.stderr.write(`warning: ${w.where ?? `line ${w.line}`}: ${w.message}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const tasks = result.sections.reduce((n, s) => n + s.tasks.length, 0);
      process.stdout.write(
        `${result.title}\n${result.issuer} ${result.date ?? ""}\n${result.sections.length} sections, ${tasks} tasks, ${result.units.length} units, ${result.roster.length} roster people, ${result.warnings?.length ?? 0} warnings\n(--json prints the plan format)\n`,
      );
    }
    return;
  }
  if (sub === "load") {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { id: { type: "string" }, confirm: { type: "boolean", default: false } },
      allowPositionals: true,
    });
    const file = positionals[0];
    if (!file) fail("plan load needs a plan.json path");
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      fail(`${file}: not readable JSON (${(err as Error).message})`);
    }
    const cfg = config();
    const database = await openAndMigrate(cfg);
    try {
      const id = values.id ?? (input as { id?: string }).id ?? slug(file);
      const store = createPlanStore(database.db);
      // A revision of a loaded plan is shown to the office first and applied only when confirmed.
      const diff = await previewPlanRevision(store, input, id);
      if (diff && !isEmptyDiff(diff) && !values.confirm) {
        process.stderr.write(
          `${describeDiff(diff).join("\n")}\n以上变更尚未应用；确认后加 --confirm 重新执行。\n`,
        );
        process.exitCode = 3;
        return;
      }
      const result = await loadPlan(store, input, { id, now: new Date() });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (err) {
      if (err instanceof PlanValidationError) fail(err.message);
      throw err;
    } finally {
      await database.close();
    }
    return;
  }
  if (sub === "list") {
    const cfg = config();
    const database = await openAndMigrate(cfg);
    const list = await createPlanStore(database.db).listPlans();
    await database.close();
    for (const p of list) process.stdout.write(`${p.id}\t${p.title}\t${p.tasks} tasks\t${p.units} units\n`);
    return;
  }
  fail(`unknown plan command "${sub ?? ""}"\n${usage}`, 2);
}

function slug(file: string): string {
  return basename(file)
    .replace(/\.[^.]+$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
