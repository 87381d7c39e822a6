import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import type { Plan } from "../../src/domain/plan-format";
import { dubanCli } from "../helpers/cli";
import { describeDb } from "../helpers/db";
import { type E2E, OFFICE, shownText, startE2E } from "./harness";

/**
 * Never silent: a plan with a drafting note between its tasks, a 任务分解表 row holding only a unit, and a
 * footnote. Each is a warning naming where it came from, and `duban plan import --json` and the preview
 * card in the chat list the same warnings.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plans/${name}`, import.meta.url));

async function cliImport(file: string): Promise<{ plan: Plan; stderr: string }> {
  const { stdout, stderr } = await run(
    process.execPath,
    [...(await dubanCli()), "plan", "import", fixture(file), "--json"],
    { cwd: root },
  );
  return { plan: JSON.parse(stdout) as Plan, stderr };
}

async function sendFile(e: E2E, fileName: string) {
  const before = e.fake.sent().length;
  e.fake.addUser(OFFICE);
  const userMsg = e.fake.userMessage(OFFICE.openId, { p2p: true }, "");
  const fileKey = e.fake.attachFile(userMsg.messageId, fileName, readFileSync(fixture(fileName)));
  const env = e.sender.message({ text: "", sender: OFFICE.openId, chatId: userMsg.chatId, chatType: "p2p" });
  const m = env.event.message as Record<string, unknown>;
  m.message_id = userMsg.messageId;
  m.message_type = "file";
  m.content = JSON.stringify({ file_key: fileKey, file_name: fileName });
  await e.post(env);
  await e.settle();
  return e.fake.sent().slice(before).at(-1);
}

const STRAY = {
  "genre-stray-lines.docx": [
    ["第7段", "段落不属于任何任务，未读入：「此段为起草说明"],
    ["表1第3行", "表格行没有任务内容，未读入：「区司法局」"],
    ["脚注1", "注释未读入：「注：本方案所称“一件事”"],
  ],
  "genre-stray-lines-printed.pdf": [
    ["第1页第8行", "段落不属于任何任务，未读入：「此段为起草说明"],
    ["第1页第16行", "表格行没有任务内容，未读入：「区司法局」"],
    ["第1页第22行", "注释未读入：「注：本方案所称“一件事”"],
  ],
} as const;

describeDb(
  "e2e: what the importer could not place is shown, the same on the command line and in the chat",
  (ctx) => {
    let e: E2E | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    for (const [file, stray] of Object.entries(STRAY)) {
      it(`${file}: the note between tasks, the row with only a unit and the footnote are each warned, with where`, async () => {
        const { plan, stderr } = await cliImport(file);
        const warnings = plan.warnings ?? [];
        for (const [where, message] of stray)
          expect(warnings, `${where} ${message}`).toContainEqual(
            expect.objectContaining({ where, message: expect.stringContaining(message) }),
          );
        // They are all there is to warn about: the rest of the document was read.
        expect(warnings).toHaveLength(stray.length);
        expect(stderr.trim().split("\n")).toEqual(warnings.map((w) => `warning: ${w.where}: ${w.message}`));

        e = await startE2E(ctx);
        const shown = shownText(await sendFile(e, file));
        expect(shown).toContain("工作方案导入预览");
        expect(shown).toContain(`未能识别的内容 ${warnings.length} 处`);
        for (const w of warnings) expect(shown).toContain(`${w.where}：${w.message}`);
      });
    }
  },
);
