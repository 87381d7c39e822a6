import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";

/**
 * Reads a large result as one JSON array built by the server (`select … from …` wrapped as
 * `json_agg(json_build_array(…))`): one value that JSON.parse reads natively, instead of a row per result that
 * the driver decodes column by column. At a thousand plans the tick's snapshot reads ~150,000 rows; decoded one
 * by one they cost more in the driver and the garbage collector than in Postgres. Each element is the tuple
 * of `columns`, in order; timestamps arrive as ISO strings.
 */
export async function jsonTuples<T extends unknown[]>(
  database: Database,
  columns: SQL,
  from: SQL,
  orderBy?: SQL,
): Promise<T[]> {
  const order = orderBy ? sql` order by ${orderBy}` : sql``;
  const [row] = await database.query<{ rows: T[] | string | null }>(
    sql`select coalesce(json_agg(json_build_array(${columns})${order}), '[]') as rows from ${from}`,
  );
  const v = row?.rows;
  if (v === null || v === undefined) return [];
  return typeof v === "string" ? (JSON.parse(v) as T[]) : v;
}
