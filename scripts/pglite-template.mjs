// `node scripts/pglite-template.mjs [file]`: writes a tarball of a new PGlite data directory with every migration
// applied (PGlite's dumpDataDir). The build makes one in dist/ (scripts/build.mjs): a service started on an
// empty data directory restores it instead of running initdb and the migrations, seconds saved on every first
// start; the test suite's databases start from one too (test/helpers/db-template.ts). The file is named after the
// PGlite version, whose data directory format it is; src/db/open-node.ts looks for that name and otherwise runs
// initdb as before. Written beside and renamed, so that a reader never sees half of it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

const root = new URL("..", import.meta.url).pathname;
const version = JSON.parse(
  readFileSync(
    join(dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite")), "../package.json"),
    "utf8",
  ),
).version;
const file = process.argv[2] ?? join(root, "dist", `pglite-template-${version}.tar`);
mkdirSync(dirname(file), { recursive: true });
const client = new PGlite();
await client.waitReady;
await migrate(drizzle(client), { migrationsFolder: join(root, "migrations") });
const dump = await client.dumpDataDir("none");
await client.close();
const partial = `${file}.${process.pid}.part`;
writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
renameSync(partial, file);
