import { sql } from "drizzle-orm";
import type { Database } from "../client";
import {
  type BackupFile,
  quoteIdent,
  rows,
  type SqlRunner,
  schemaVersion,
  tablesInDependencyOrder,
} from "./format";

export class RestoreRefused extends Error {}

/** Rows per INSERT: bounds the size of one statement's JSON parameter. */
const CHUNK = 500;

async function rowCount(runner: SqlRunner, tables: string[]): Promise<number> {
  let n = 0;
  for (const t of tables) {
    const [r] = await rows<{ n: number | string }>(
      runner,
      sql.raw(`select count(*)::int as n from ${quoteIdent(t)}`),
    );
    n += Number(r?.n ?? 0);
  }
  return n;
}

/**
 * Loads a backup into a migrated database, in one transaction: all of it or nothing. Refuses a database that
 * holds any row unless `force` (then every table is emptied first), and a backup made by a newer schema.
 * A backup from an older schema loads the columns it has; columns added since take their defaults.
 */
/**
 * Tables and columns a later migration renamed (0010: a reporting round is `rounds`/`round_id`, no longer
 * `collections`/`collection_id`): a backup made before it restores under the current names.
 */
const RENAMED_TABLES: Record<string, string> = { collections: "rounds" };
const RENAMED_COLUMNS: Record<string, Record<string, string>> = {
  report_requests: { collection_id: "round_id" },
  unit_cards: { collection_id: "round_id" },
};

function underCurrentNames(file: BackupFile): BackupFile {
  return {
    ...file,
    tables: file.tables.map((t) => {
      const name = RENAMED_TABLES[t.name] ?? t.name;
      const columns = RENAMED_COLUMNS[name];
      if (!columns) return { ...t, name };
      const rows = t.rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [columns[k] ?? k, v])),
      );
      return { name, rows };
    }),
  };
}

export async function restoreBackup(
  database: Database,
  given: BackupFile,
  opts: { force: boolean },
): Promise<{ rows: number; olderSchema: boolean }> {
  const file = underCurrentNames(given);
  return database.db.transaction(async (tx) => {
    const here = await schemaVersion(tx);
    if (file.schema.migrations > here.migrations)
      throw new RestoreRefused(
        `the backup was made by a newer duban (${file.schema.migrations} migrations, this one has ${here.migrations}); restore it with that version`,
      );
    const tables = await tablesInDependencyOrder(tx);
    const known = new Set(tables);
    const unknown = file.tables.filter((t) => !known.has(t.name)).map((t) => t.name);
    if (unknown.length > 0)
      throw new RestoreRefused(`the backup holds tables this schema lacks: ${unknown.join(", ")}`);
    const existing = await rowCount(tx, tables);
    if (existing > 0 && !opts.force)
      throw new RestoreRefused(
        `the database is not empty (${existing} rows); restore into an empty one, or add --force to replace everything`,
      );
    if (existing > 0)
      await tx.execute(sql.raw(`truncate ${tables.map(quoteIdent).join(", ")} restart identity cascade`));

    const byName = new Map(file.tables.map((t) => [t.name, t]));
    let total = 0;
    for (const name of tables) {
      const data = byName.get(name)?.rows ?? [];
      if (data.length === 0) continue;
      const columns = await rows<{ c: string }>(
        tx,
        sql`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = ${name} and is_generated = 'NEVER'`,
      );
      const present = new Set(Object.keys(data[0] ?? {}));
      const cols = columns
        .map((c) => c.c)
        .filter((c) => present.has(c))
        .map(quoteIdent)
        .join(", ");
      for (let i = 0; i < data.length; i += CHUNK) {
        const chunk = JSON.stringify(data.slice(i, i + CHUNK));
        await tx.execute(
          sql`${sql.raw(`insert into ${quoteIdent(name)} (${cols}) select ${cols} from json_populate_recordset(null::${quoteIdent(name)}, `)}${chunk}::json)`,
        );
      }
      total += data.length;
    }
    // Serial columns continue after the restored ids, so the next insert does not collide.
    const serials = await rows<{ t: string; c: string }>(
      tx,
      sql`select table_name as t, column_name as c from information_schema.columns
          where table_schema = 'public' and column_default like 'nextval(%'`,
    );
    for (const s of serials) {
      const seq = `pg_get_serial_sequence('${quoteIdent(s.t).replace(/'/g, "''")}', '${s.c.replace(/'/g, "''")}')`;
      await tx.execute(
        sql.raw(
          `select setval(${seq}, coalesce((select max(${quoteIdent(s.c)}) from ${quoteIdent(s.t)}), 1), (select max(${quoteIdent(s.c)}) from ${quoteIdent(s.t)}) is not null)`,
        ),
      );
    }
    return { rows: total, olderSchema: file.schema.migrations < here.migrations };
  });
}
