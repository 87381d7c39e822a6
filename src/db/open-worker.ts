import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Database, type Db, schema, wrap } from "./client";

/** Workers: Postgres through Hyperdrive (or any URL). PGlite and migrations stay on Node. */
export function openWorkerDatabase(url: string): Database {
  // Hyperdrive pools for us; fetch_types off avoids a round trip per request.
  const client = postgres(url, { max: 5, fetch_types: false, prepare: true, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  return wrap(db, "postgres", () => client.end({ timeout: 1 }));
}
