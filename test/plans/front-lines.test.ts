import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/domain/plan-format";
import { importPlanDocument } from "../../src/plans/import";

// Nothing before the first heading is dropped unsaid: the notice that sends the plan, the 版头 (发文机关标志,
// 文号), the title (a period on a line of its own under it included) and the 引言 are what a plan opens with;
// any other line there is a warning that names it.

const NOTICE = [
  "江城市人民政府办公厅关于印发江城市2024年数字政府建设工作方案的通知",
  "江政办〔2024〕5号",
  "各区人民政府，市人民政府各部门：",
  "《江城市2024年数字政府建设工作方案》已经市人民政府同意，现印发给你们，请认真组织实施。",
  "江城市人民政府办公厅",
  "2024年1月16日",
  "江城市2024年数字政府建设工作方案",
];
const HEAD = [
  "江城市人民政府办公厅文件",
  "江政办〔2024〕5号",
  "江城市数字政府建设三年行动方案",
  "（2024—2026年）",
];
const PREAMBLE = [
  "近年来，我市数字政府建设取得积极成效。",
  "为加快数字政府建设，提升治理能力现代化水平，制定本方案。",
];
const BODY = [
  "一、重点任务",
  "1.建设全市统一的政务云平台。（牵头单位：市大数据局；完成时限：2024年9月底前）",
  "2.推进电子证照共享应用。（牵头单位：市政务服务局）",
  "江城市人民政府办公厅",
  "2024年1月16日",
];

/** What reads as none of the opening's parts: a note to the drafters, a stamp, any other words. */
const stray = fc
  .oneof(
    fc.constantFrom(
      "请各单位于2月20日前将修改意见反馈市大数据局。",
      "内部资料　注意保存",
      "（征求意见稿）",
      "此页无正文",
      "本方案由市大数据局负责解释",
      // Words of the title, away from it.
      "数字政府建设",
      "三年行动方案",
    ),
    fc.string({
      unit: fc.constantFrom(..."数字政府建设的推进工作局委市区一二三，。（）、2024年月"),
      minLength: 2,
    }),
  )
  .filter(
    (s) =>
      s.trim().length > 1 &&
      // A heading, a date or a sentence saying why the plan is made would be read as one.
      !/^[一二三四五六七八九十]+[、.．]|^[(（][一二三四五六七八九十]+[)）]|^\d|[:：]$/.test(s.trim()) &&
      !/制定|如下|以下|\d{4}年\d+月\d+日$/.test(s),
  );

const read = (lines: string[]): Plan => importPlanDocument(lines.join("\n"), {});
const kept = (p: Plan) => ({
  title: p.title,
  issuer: p.issuer,
  date: p.date,
  tasks: p.sections.flatMap((s) => s.tasks.map((t) => [t.id, t.text, t.lead, t.deadlines])),
  warnings: (p.warnings ?? []).map((w) => w.message),
});

describe("a line before the first heading that is none of what a plan opens with", () => {
  it("is a warning naming its line, and the rest reads as before", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), stray, (notice, top, line) => {
        const front = [...(notice ? NOTICE : HEAD), ...PREAMBLE];
        const without = [...front, ...BODY];
        // Above everything, or between the 引言 and the first heading.
        const at = top ? 0 : front.length;
        const plan = read([...without.slice(0, at), line, ...without.slice(at)]);
        const before = kept(read(without));
        expect(before.warnings).toEqual([]);
        expect(plan.warnings).toEqual([
          { line: at + 1, message: `段落不属于方案的任何部分，未读入：「${line.trim().slice(0, 60)}」` },
        ]);
        expect({ ...kept(plan), warnings: [] }).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves the opening itself unwarned: the title with its period, the 版头 and the 引言", () => {
    const plan = read([...HEAD, ...PREAMBLE, ...BODY]);
    expect(plan.title).toBe("江城市数字政府建设三年行动方案（2024—2026年）");
    expect(plan.warnings).toEqual([]);
    // Under a notice that names the plan shorter than its own title does.
    const sent = read([
      ...NOTICE.slice(0, -1),
      "江城市2024年数字政府建设工作方案（修订版）",
      "（2024—2026年）",
      ...PREAMBLE,
      ...BODY,
    ]);
    expect(sent.warnings).toEqual([]);
  });

  it("reads a title ending in its years or its status, on one line, as the title", () => {
    for (const title of [
      "江城市数字政府建设三年行动方案（2024—2026年）",
      "江城市政务数据共享管理办法（试行）",
      "江城市2024年重点工作督办方案（征求意见稿）",
    ]) {
      const plan = read([...HEAD.slice(0, 2), title, ...PREAMBLE, ...BODY]);
      expect(plan.title).toBe(title);
      expect(plan.warnings).toEqual([]);
    }
  });
});
