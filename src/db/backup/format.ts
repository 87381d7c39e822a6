import { sql } from "drizzle-orm";
import * as z from "zod";
import { rowsOf } from "../client";

/** What a backup file holds: every table of the public schema, rows as JSON, and the schema version. */
export const backupFileSchema = z.object({
  format: z.literal("duban-backup"),
  version: z.literal(1),
  createdAt: z.string(),
  driver: z.enum(["pglite", "postgres"]),
  schema: z.object({
    /** How many migrations the database had applied, and the last one's timestamp (drizzle's created_at). */
    migrations: z.number().int().nonnegative(),
    last: z.string(),
  }),
  /** In insertion order: a table comes after every table it references. */
  tables: z.array(
    z.object({
      name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
      rows: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
});
export type BackupFile = z.infer<typeof backupFileSchema>;
export type SchemaVersion = BackupFile["schema"];

/** Something that runs SQL and returns rows: the database or a transaction on it. */
export interface SqlRunner {
  execute(q: ReturnType<typeof sql>): Promise<unknown>;
}

export async function rows<T>(runner: SqlRunner, q: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await runner.execute(q));
}

/** The applied migrations, as drizzle's migrator records them. */
export async function schemaVersion(runner: SqlRunner): Promise<SchemaVersion> {
  const [r] = await rows<{ n: number | string; last: string | number | null }>(
    runner,
    sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  return { migrations: Number(r?.n ?? 0), last: String(r?.last ?? "") };
}

/**
 * The public tables ordered so that each comes after the tables its foreign keys point at (self-references
 * aside), so that inserting in this order never violates a constraint.
 */
export async function tablesInDependencyOrder(runner: SqlRunner): Promise<string[]> {
  const tables = (
    await rows<{ name: string }>(
      runner,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    )
  ).map((t) => t.name);
  const edges = await rows<{ child: string; parent: string }>(
    runner,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const strip = (t: string) => t.replace(/^public\./, "").replace(/"/g, "");
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) {
    const child = strip(e.child);
    const parent = strip(e.parent);
    if (child !== parent) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (done.has(t) || path.has(t)) return;
    path.add(t);
    for (const p of parents.get(t) ?? []) visit(p, path);
    done.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
