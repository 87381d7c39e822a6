import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-node";
import { dubanCli } from "../helpers/cli";

const run = promisify(execFile);

/** `duban plan list` on the data directory, as another process: its exit code and what it printed. */
async function planList(dataDir: string): Promise<{ code: number; out: string; err: string }> {
  const env = { PATH: process.env.PATH, DUBAN_DATA_DIR: dataDir, LOG_LEVEL: "silent" };
  try {
    const { stdout, stderr } = await run(process.execPath, [...(await dubanCli()), "plan", "list"], { env });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}

describe("one process at a time on an embedded data directory", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "duban-lock-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a second process while the first holds it open, and lets it in once closed", async () => {
    const data = join(dir, "data");
    const db = await openDatabase({ dataDir: data });
    const refused = await planList(data);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `duban: the embedded database ${data} is in use by process ${process.pid}: stop it first (only one process ` +
        "may open it), or set DATABASE_URL to a Postgres server, which any number of processes may share\n",
    );
    await db.close();
    expect(existsSync(`${data}.lock`)).toBe(false);
    const after = await planList(data);
    expect(after).toMatchObject({ code: 0, err: "" });
  }, 60_000);

  it("takes over a lock left by a process that is gone", async () => {
    const data = join(dir, "data");
    // A pid that existed and has ended: a child process that exited.
    const { stdout } = await run(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    writeFileSync(`${data}.lock`, `${stdout}\n`);
    const opened = await planList(data);
    expect(opened).toMatchObject({ code: 0, err: "" });
    expect(existsSync(`${data}.lock`)).toBe(false);
  }, 60_000);
});
