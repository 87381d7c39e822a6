import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Database, type Db, schema, wrap } from "./client";
import { lockDataDir } from "./dir-lock";
import { packagePath } from "./package-dir";

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; "memory://" or undefined keeps it in memory. */
  dataDir?: string | undefined;
  /**
   * PGlite: start from this tarball of a data directory (PGlite's dumpDataDir) instead of a new, empty database
   * (a data directory must hold none yet). Restoring a migrated copy takes a fraction of initdb and migrations.
   */
  loadDataDir?: Blob | undefined;
  /** postgres.js pool size. */
  max?: number;
  /**
   * Postgres cancels any statement running longer (statement_timeout on every connection), so a stalled lock or
   * server cannot hold a request forever. PGlite runs in-process and has no such timer; callers bound their own.
   */
  statementTimeoutMs?: number;
}

/**
 * PGlite's Postgres keeps its shared buffers inside the WebAssembly heap, which never shrinks: the default
 * (160 MB once touched) is most of an idle service's memory. duban's working set is a few MB of plan and
 * report rows, so 8 MB of buffers holds it; the memory one sort or one index build may take is bounded as
 * tightly, since what it touched stays resident (idle after a first start with the playground: ≈270 → ≈250 MB).
 */
const PGLITE_SETTINGS = [
  "-c",
  "shared_buffers=8MB",
  "-c",
  "wal_buffers=1MB",
  "-c",
  "maintenance_work_mem=8MB",
  "-c",
  "work_mem=1MB",
];

/** Opens the database on Node: postgres.js when a URL is given, otherwise embedded PGlite. Drivers load on use. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const [{ default: postgres }, { drizzle }] = await Promise.all([
      import("postgres"),
      import("drizzle-orm/postgres-js"),
    ]);
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      ...(opts.statementTimeoutMs ? { connection: { statement_timeout: opts.statementTimeoutMs } } : {}),
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return wrap(db, "postgres", () => client.end({ timeout: 5 }));
  }
  const [{ PGlite }, { drizzle }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  const dir = opts.dataDir && opts.dataDir !== "memory://" ? opts.dataDir : undefined;
  const unlock = dir ? lockDataDir(dir) : () => {};
  try {
    if (dir && !opts.loadDataDir && !existsSync(join(dir, "PG_VERSION")))
      if (!(await restoreTemplate(dir))) await initDataDir(dir);
    const options = {
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    };
    const client = dir ? new PGlite(dir, options) : new PGlite(options);
    await client.waitReady;
    const db = drizzle(client, { schema }) as unknown as Db;
    return wrap(db, "pglite", () => client.close().finally(unlock));
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * A first start on an empty data directory unpacks the build's migrated one for the installed PGlite
 * (scripts/pglite-template.mjs) instead of running initdb and every migration: ≈8 s → ≈2 s to healthy on this
 * project's 2-core machine. Unpacked from the file on disk, not handed to PGlite as loadDataDir, which reads the
 * whole tarball into its WebAssembly heap, and that heap is never given back (≈380 MB resident afterwards). A
 * tarball of another PGlite version is not used: its format may differ. False when there is none.
 */
async function restoreTemplate(dir: string): Promise<boolean> {
  let file: string;
  try {
    const pglite = fileURLToPath(import.meta.resolve("@electric-sql/pglite"));
    const { version } = JSON.parse(readFileSync(join(dirname(pglite), "../package.json"), "utf8")) as {
      version: string;
    };
    file = packagePath(`dist/pglite-template-${version}.tar`);
    if (!existsSync(file)) return false;
  } catch {
    return false;
  }
  // A directory that holds anything already is not ours to fill: initdb decides, as before.
  if (existsSync(dir) && readdirSync(dir).length > 0) return false;
  // Unpacked beside and renamed, so that a start killed half way leaves no data directory that looks whole; by a
  // short-lived child process, so that the unpacking's buffers are not this process's resident memory for good:
  // the system's tar (0.2 s here), else node-tar (1.1 s).
  const partial = `${dir}.${process.pid}.part`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    await promisify(execFile)("tar", ["-xf", file, "-C", partial]);
  } catch {
    const script = `const { x } = await import(${JSON.stringify(import.meta.resolve("tar"))});
await x({ file: process.argv[1], cwd: process.argv[2] });`;
    await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, file, partial]);
  }
  if (existsSync(dir)) rmdirSync(dir);
  renameSync(partial, dir);
  return true;
}

/**
 * A new data directory is created (initdb) by a short-lived child process: initdb runs in a WebAssembly heap
 * of its own that grows past 500 MB and is never handed back to the OS while the process lives.
 */
async function initDataDir(dir: string): Promise<void> {
  if (existsSync(join(dir, "PG_VERSION"))) return;
  mkdirSync(dir, { recursive: true });
  const script = `const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
const db = new PGlite(process.argv[1]); await db.waitReady; await db.close();`;
  await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, dir]);
}
