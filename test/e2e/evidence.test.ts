import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, expect, it } from "vitest";
import type { FakeMessage } from "../../src/playground/stand-in/types";
import { cardButtons, cardShown } from "../helpers/card-json";
import { describeDb } from "../helpers/db";
import { paragraphsOf, readDocx } from "../helpers/docx-read";
import { type E2E, OFFICE, type Person, shownText } from "./harness";
import { CHAT, DH, FGW, fileAfter, JXJ, KJJ, PLAIN, seedOffice } from "./office-seed";

/**
 * 佐证材料 sent to the bot as files and photos, through the real webhook route and the fake Feishu's message
 * resource API: attached to the report they back as a new revision, then shown in /status, the bulletin's annex
 * table and the export. 市经信局 reported 一.1 only, 市科技局 every task, 东湖高新区管委会 二.3 only.
 */

const PDF = new TextEncoder().encode("%PDF-1.4 验收报告");
const JPG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
// A name a careless renderer would turn into an @all and a link.
const NAME = "验收<at id=all></at>[报告](http://evil.example).pdf";

describeDb(
  "e2e: 佐证材料 sent as files and photos reach status, the bulletin annex and the export",
  (ctx) => {
    let e: E2E | undefined;
    afterEach(async () => {
      await e?.close();
      e = undefined;
    });

    /** A person sends a file or photo: in p2p, or in the group replying to `parentId`. */
    async function send(
      x: E2E,
      from: Person,
      what: { file: string; bytes: Uint8Array } | { image: Uint8Array },
      where: { p2p: true } | { chatId: string; parentId: string } = { p2p: true },
    ) {
      const before = x.fake.sent().length;
      const place = "p2p" in where ? { p2p: true as const } : { chatId: where.chatId };
      const msg =
        "file" in what
          ? x.fake.userFile(from.openId, place, what.file, what.bytes)
          : x.fake.userImage(from.openId, place, what.image);
      const env = x.sender.message({
        text: "",
        sender: from.openId,
        chatId: msg.chatId,
        chatType: "p2p" in where ? "p2p" : "group",
        messageType: msg.msgType,
        content: msg.content,
        ...("parentId" in where ? { parentId: where.parentId } : {}),
      });
      (env.event.message as { message_id: string }).message_id = msg.messageId;
      const res = await x.post(env);
      await x.settle();
      expect(res.status).toBe(200);
      return x.fake.sent().slice(before);
    }

    const shown = (x: E2E, sent: FakeMessage[]) =>
      sent
        .map((m) => (m.msgType === "interactive" ? cardShown(x.fake.cardOf(m.messageId)) : shownText(m)))
        .join("\n");

    const revisions = (unit: string, code: string) =>
      ctx.database.query<{ revision: number; kind: string; progress: string; files: unknown }>(sql`
      select r.revision, r.kind, r.progress, r.evidence_files as files from reports r
      join report_requests q on q.id = r.request_id join units u on u.id = q.unit_id join tasks t on t.id = q.task_id
      where u.name = ${unit} and t.code = ${code} order by r.revision`);

    it("a file, a photo picked onto a task and a file in the group show in /status, the annex and the export", async () => {
      const x = await seedOffice(ctx, (started) => {
        e = started;
      });

      // 市经信局 reported one task: the file goes to it, as revision 2 repeating revision 1.
      const one = shown(x, await send(x, JXJ, { file: NAME, bytes: PDF }));
      expect(one).toContain(`已将文件：${NAME}作为市经信局「一.1」的佐证材料（第2版）`);
      const resource = x.fake.calls("message_resource");
      expect(resource.at(-1)?.query.type).toBe("file");
      const jxj = await revisions("市经信局", "一.1");
      expect(jxj.map((r) => r.revision)).toEqual([1, 2]);
      expect(jxj[1]?.progress).toBe(jxj[0]?.progress);
      expect(JSON.stringify(jxj[1]?.files)).toContain("验收");

      // 市科技局 reported every task two days ago: the bot asks which one the photo backs.
      const asked = await send(x, KJJ, { image: JPG });
      expect(x.fake.calls("message_resource").at(-1)?.query.type).toBe("image");
      const pick = asked.find((m) => m.msgType === "interactive");
      expect(cardShown(x.fake.cardOf(pick?.messageId ?? ""))).toContain("佐证材料归入哪项任务");
      const button = cardButtons(x.fake.cardOf(pick?.messageId ?? "")).find((b) =>
        b.label.includes("「二.3」"),
      );
      if (!button) throw new Error("no 二.3 on the pick card");
      const picked = await x.click(KJJ, button.value, { messageId: pick?.messageId, chatId: pick?.chatId });
      expect(picked.toast?.type).toBe("success");
      expect(picked.toast?.content).toMatch(
        /^已将图片：图片（6月26日 12:0\d）作为市科技局「二\.3」的佐证材料（第2版）。$/,
      );
      // Someone else's click on the card is refused.
      const forged = await x.click(PLAIN, button.value, { messageId: pick?.messageId, chatId: pick?.chatId });
      expect(forged.toast?.type).toBe("warning");

      // 东湖 sends a file in the work group as a reply to the bot's message there (no @ on a file message).
      const botInGroup = x.fake.sent().find((m) => m.chatId === CHAT);
      const inGroup = shown(
        x,
        await send(
          x,
          DH,
          { file: "东湖揭榜项目立项批复.pdf", bytes: PDF },
          { chatId: CHAT, parentId: botInGroup?.messageId ?? "" },
        ),
      );
      expect(inGroup).toContain("作为东湖高新区管委会「二.3」的佐证材料（第2版）");
      // A plain member's photo in the group is left alone.
      expect(
        await send(x, PLAIN, { image: JPG }, { chatId: CHAT, parentId: botInGroup?.messageId ?? "" }),
      ).toEqual([]);

      // /status 二.3: both units' evidence on their lines.
      const status = cardShownOf(x, (await x.say(OFFICE, "/status 二.3")).sent);
      expect(status).toContain("佐证材料：图片：图片（6月26日");
      expect(status).toContain("佐证材料：文件：东湖揭榜项目立项批复.pdf");
      const status11 = cardShownOf(x, (await x.say(OFFICE, "/status 一.1")).sent);
      expect(status11).toContain("佐证材料：文件：验收");
      // The name is shown literally, never as a mention or a link.
      const raw = JSON.stringify(
        (await x.say(OFFICE, "/status 一.1")).sent.map((m) => x.fake.cardOf(m.messageId)),
      );
      expect(raw).not.toContain("<at id=all>");
      expect(raw).not.toContain("](http://evil");

      // The bulletin's annex table has a 佐证材料 column naming the unit and the file.
      const before = x.fake.sent().length;
      await x.say(OFFICE, "/bulletin quarter 2022-Q2");
      const doc = await readDocx(new Uint8Array((await fileAfter(x, before)).bytes));
      // The annex of every task and unit (after the goals' table).
      const table =
        doc.document.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g)?.find((t) => t.includes("佐证材料")) ?? "";
      const cells = paragraphsOf(table).map((p) => p.text);
      expect(cells).toContain("佐证材料");
      expect(cells).toContain(`市经信局：文件：${NAME}`);
      expect(cells).toContain("东湖高新区管委会：文件：东湖揭榜项目立项批复.pdf");
      expect(cells.some((c) => c.startsWith("市科技局：图片：图片（6月26日"))).toBe(true);

      // The export's round sheet has the column 佐证材料 with the files.
      const before2 = x.fake.sent().length;
      await x.say(OFFICE, "/export");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array((await fileAfter(x, before2)).bytes).buffer);
      const sheet = wb.getWorksheet("2022-06 月调度");
      const header = (sheet?.getRow(2).values as unknown[]) ?? [];
      const col = header.indexOf("佐证材料");
      expect(col).toBeGreaterThan(0);
      const evidence: string[] = [];
      sheet?.eachRow((r, n) => {
        if (n <= 2) return;
        const v = r.getCell(col).value;
        const text = v && typeof v === "object" && "text" in v ? String(v.text) : String(v ?? "");
        if (text) evidence.push(`${r.getCell(1).value} ${r.getCell(3).value} ${text}`);
      });
      expect(evidence).toContain(`市经信局 一.1 文件：${NAME}`);
      expect(evidence).toContain("东湖高新区管委会 二.3 文件：东湖揭榜项目立项批复.pdf");
      expect(evidence.some((t) => t.startsWith("市科技局 二.3 图片：图片（6月26日"))).toBe(true);
    });

    it("a file over the cap is refused; a member with no report is told to report first", async () => {
      const x = await seedOffice(ctx, (started) => {
        e = started;
      });
      const big = new Uint8Array(20 * 1024 * 1024 + 1);
      expect(shown(x, await send(x, JXJ, { file: "全部照片.zip", bytes: big }))).toContain("文件超过 20 MB");
      expect((await revisions("市经信局", "一.1")).length).toBe(1);
      // 市发改委 reported nothing in the open round.
      expect(shown(x, await send(x, FGW, { image: JPG }))).toContain("请先在填报卡片上报送，再发送佐证材料");
    });
  },
);

function cardShownOf(x: E2E, sent: FakeMessage[]): string {
  return sent
    .filter((m) => m.msgType === "interactive")
    .map((m) => cardShown(x.fake.cardOf(m.messageId)))
    .join("\n");
}
