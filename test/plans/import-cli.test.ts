import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plans/load";
import { dubanCli } from "../helpers/cli";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plans/${name}`, import.meta.url));

describe("duban plan import (the CLI, as a child process)", () => {
  it("prints the plan format as JSON that the loader accepts", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [...(await dubanCli()), "plan", "import", fixture("wuhan-2022-proposal-1.txt"), "--json"],
      { cwd: root },
    );
    const plan = parsePlan(JSON.parse(stdout));
    expect(plan.id).toBe("wuhan-2022-proposal-1");
    expect(plan.sections.reduce((n, s) => n + s.tasks.length, 0)).toBe(23);
    expect(stderr).toBe("");
  });

  it("reports each warning with its line number on stderr, keeping stdout pure JSON", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [...(await dubanCli()), "plan", "import", fixture("qingyun-2024-digital-village.txt"), "--json"],
      { cwd: root },
    );
    expect(() => parsePlan(JSON.parse(stdout))).not.toThrow();
    expect(stderr).toContain("warning: 第14行: 任务 二.5 的时限「2月30日前」无法确定日期");
    expect(stderr.trim().split("\n")).toHaveLength(4);
  });

  it("names on stderr each line before the first heading it could not place, with the paragraph it came from", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [...(await dubanCli()), "plan", "import", fixture("genre-front-lines.docx"), "--json"],
      { cwd: root },
    );
    expect(parsePlan(JSON.parse(stdout)).title).toBe("硚口区政务服务提质增效三年行动方案（2024—2026年）");
    expect(stderr.trim().split("\n")).toEqual([
      "warning: 第1段: 段落不属于方案的任何部分，未读入：「内部资料　注意保存」",
      "warning: 第7段: 段落不属于方案的任何部分，未读入：「请各单位于2月20日前将修改意见反馈区政务服务局。」",
    ]);
  });
});
