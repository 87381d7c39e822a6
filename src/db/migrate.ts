import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client";
import { packagePath } from "./package-dir";

/** Applies every committed migration not yet applied. Safe to run at every start. */
export async function migrate(database: Database): Promise<void> {
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
