import { renameSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { type Db, schema, wrap } from "../../src/db/client";
import { migrate } from "../../src/db/migrate";

/**
 * `tsx test/helpers/pglite-dump.ts <file>`: writes a tarball of a new, migrated PGlite data directory, which
 * test databases start from (test/helpers/db-template.ts). Written beside and renamed, so that a run reading
 * the file never sees half of it.
 */
const file = process.argv[2];
if (!file) throw new Error("usage: pglite-dump.ts <file>");
const client = new PGlite();
await client.waitReady;
await migrate(wrap(drizzle(client, { schema }) as unknown as Db, "pglite", () => client.close()));
const dump = await client.dumpDataDir("none");
await client.close();
const partial = `${file}.${process.pid}.part`;
writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
renameSync(partial, file);
