import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Config } from "../config";
import { describeBackup, takeBackup } from "../db/backup/backup";
import { backupFileSchema } from "../db/backup/format";
import { RestoreRefused, restoreBackup } from "../db/backup/restore";
import { openDatabase } from "../db/open-node";
import type { Clock } from "../kernel/clock";
import { openAndMigrate } from "./runtime-node";

function fail(message: string): never {
  process.stderr.write(`duban: ${message}\n`);
  process.exit(1);
}

/** `duban backup FILE`: one consistent JSON file of every table, written whole or not at all. */
export async function runBackupCommand(args: string[], config: Config, clock: Clock): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const file = positionals[0];
  if (!file) fail("backup needs a file name: duban backup duban-2022-06-30.json");
  // Not migrated first: a backup records the database as it is.
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, max: 1 });
  try {
    const backup = await takeBackup(database, clock.now());
    const tmp = `${file}.partial`;
    // Personal data (names, open_ids): readable by the owner only.
    writeFileSync(tmp, JSON.stringify(backup), { mode: 0o600 });
    renameSync(tmp, file);
    process.stdout.write(`backup written to ${file}: ${describeBackup(backup)}\n`);
  } finally {
    await database.close();
  }
}

/** `duban restore FILE [--force]`: loads a backup into an empty (or, with --force, emptied) database. */
export async function runRestoreCommand(args: string[], config: Config): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { force: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) fail("restore needs a backup file: duban restore duban-2022-06-30.json [--force]");
  let parsed: ReturnType<typeof backupFileSchema.safeParse>;
  try {
    parsed = backupFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  } catch (err) {
    fail(`${file}: not a readable backup (${(err as Error).message})`);
  }
  if (!parsed.success)
    fail(`${file}: not a duban backup (${parsed.error.issues[0]?.message ?? "bad shape"})`);
  const database = await openAndMigrate(config);
  try {
    const result = await restoreBackup(database, parsed.data, { force: values.force });
    process.stdout.write(
      `restored ${result.rows} rows from ${file} (${describeBackup(parsed.data)})${result.olderSchema ? "; the backup's schema was older, new columns took their defaults" : ""}\n`,
    );
  } catch (err) {
    if (err instanceof RestoreRefused) fail(err.message);
    throw err;
  } finally {
    await database.close();
  }
}
