import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client";
import { packagePath } from "./package-dir";

/** Applies every committed migration not yet applied. Safe to run at every start. */
export async function migrate(database: Database): Promise<void> {
  if (await upToDate(database)) return;
  // The committed drizzle-kit migrations, beside src/ and dist/ alike.
  const migrationsFolder = packagePath("migrations");
  // The two migrators take their own driver's database type; both read the same folder.
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder });
  } else {
    await migratePostgres(database.db as unknown as Parameters<typeof migratePostgres>[0], {
      migrationsFolder,
    });
  }
}

/**
 * True when the newest committed migration is already recorded: every CLI run (`duban tick` from cron) checks
 * with one query instead of reading and hashing every migration file. The migrator records each migration's
 * journal `when` as created_at and applies those newer than the last one, so this is the same test it makes.
 */
async function upToDate(database: Database): Promise<boolean> {
  let newest = 0;
  try {
    const journal = JSON.parse(readFileSync(`${packagePath("migrations")}/meta/_journal.json`, "utf8")) as {
      entries?: Array<{ when?: number }>;
    };
    for (const e of journal.entries ?? []) newest = Math.max(newest, e.when ?? 0);
  } catch {
    return false;
  }
  try {
    const [row] = await database.query<{ t: string | number | null }>(
      sql`select max(created_at) as t from drizzle.__drizzle_migrations`,
    );
    return row?.t !== null && row?.t !== undefined && Number(row.t) >= newest;
  } catch {
    return false; // a fresh database: no migrations table yet
  }
}
