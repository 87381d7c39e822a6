import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { type BackupFile, quoteIdent, rows, schemaVersion, tablesInDependencyOrder } from "./format";

/**
 * Reads every table in one read-only snapshot (REPEATABLE READ on Postgres, so writers carry on and the file is
 * still consistent; PGlite has one connection, so a transaction is a snapshot already).
 */
export async function takeBackup(database: Database, now: Date): Promise<BackupFile> {
  return database.db.transaction(
    async (tx) => {
      const schema = await schemaVersion(tx);
      const tables: BackupFile["tables"] = [];
      for (const name of await tablesInDependencyOrder(tx)) {
        // As text, parsed here: the drivers differ in how they hand back json, and text is the same in both.
        const [r] = await rows<{ j: string }>(
          tx,
          sql.raw(
            `select coalesce(json_agg(row_to_json(t)), '[]')::text as j from (select * from ${quoteIdent(name)} order by 1) t`,
          ),
        );
        tables.push({ name, rows: JSON.parse(r?.j ?? "[]") as Record<string, unknown>[] });
      }
      return {
        format: "duban-backup",
        version: 1,
        createdAt: now.toISOString(),
        driver: database.kind,
        schema,
        tables,
      } satisfies BackupFile;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** One line per table: name and row count, for the CLI to print and the restore to check. */
export function describeBackup(file: BackupFile): string {
  const counts = file.tables.filter((t) => t.rows.length > 0).map((t) => `${t.name} ${t.rows.length}`);
  return `schema ${file.schema.migrations} migrations; ${counts.join(", ") || "no rows"}`;
}
