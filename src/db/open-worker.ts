import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Database, type Db, schema, wrap } from "./client";

/** Workers: Postgres through Hyperdrive (or any URL). PGlite and migrations stay on Node. */
export function openWorkerDatabase(url: string): Database {
  // Hyperdrive pools for us. Array types are fetched (fetch_types, the default): without them postgres.js
  // cannot send a JS array as a text[] parameter, which the scheduler's queries do.
  const client = postgres(url, { max: 5, prepare: true, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  return wrap(db, "postgres", () => client.end({ timeout: 1 }));
}
