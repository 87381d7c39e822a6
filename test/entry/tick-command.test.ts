import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wuhanLikePlan } from "../fixtures/wuhan-like-plan";
import { dubanCli } from "../helpers/cli";

const run = promisify(execFile);

describe("duban tick (CLI)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const duban = async (...args: string[]) => {
    try {
      // Compiled from the source as it is now, so the test checks the code as edited.
      const cli = await dubanCli();
      const { stdout, stderr } = await run(process.execPath, [...cli, ...args], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "duban-tick-"));
    env = { PATH: process.env.PATH, DUBAN_DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent" };
    writeFileSync(join(dir, "plan.json"), JSON.stringify(wuhanLikePlan()));
    const loaded = await duban("plan", "load", join(dir, "plan.json"));
    expect(loaded.code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--dry-run prints what the tick would do at that time and writes nothing", async () => {
    const first = await duban("tick", "--at", "2022-06-17T09:45:00+08:00", "--dry-run");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("dry run at 2022-06-17T01:45:00.000Z");
    expect(first.stdout).toMatch(/create_round\s+新建轮次 2022年6月 月调度 \(monthly 2022-06\)/);
    expect(first.stdout).toMatch(/open_round\s+开启轮次 2022年6月 月调度/);
    const summary = JSON.parse(first.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(summary).toMatchObject({ dryRun: true, rounds: { created: 8, opened: 2 } });
    // Nothing was written: the same dry run plans the same again.
    const again = await duban("tick", "--at", "2022-06-17T09:45:00+08:00", "--dry-run");
    const actions = (out: string) => out.split("\n").filter((l) => l.startsWith("  "));
    expect(actions(first.stdout)).toHaveLength(8 + 2);
    expect(actions(again.stdout)).toEqual(actions(first.stdout));
  }, 60_000);

  it("says what is wrong with --at", async () => {
    const bad = await duban("tick", "--at", "next tuesday");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--at "next tuesday" is not an ISO time');
  }, 60_000);
});
