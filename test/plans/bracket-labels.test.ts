import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importPlanDocument } from "../../src/plans/import";
import { task } from "./helpers";

// After a task its units and deadline are labelled however the drafting office writes labels: 【主办单位】,
// 〔牵头单位〕：, [配合单位], 完成时限：…, run on after the task or each on a line of its own, the deadline first
// or last. Every way reads as the plain 牵头单位：…；配合单位：…；完成时限：… does.

const UNITS = ["区政务服务局", "区大数据中心", "区财政局", "区人社局", "区司法局", "区城管局", "区统计局"];
const WORDS = {
  lead: ["牵头单位", "主办单位", "牵头部门"],
  responsible: ["责任单位", "责任部门"],
  support: ["配合单位", "协办单位", "配合部门"],
};
const DEADLINES = ["2024年6月底前", "每季度末", "长期坚持", "2024年9月30日前"];
const BRACKETS = [["【", "】"], ["〔", "〕"], ["[", "]"], null] as const;

const labels = fc.record({
  units: fc.shuffledSubarray(UNITS, { minLength: 3, maxLength: 3 }),
  words: fc.tuple(
    fc.constantFrom(...WORDS.lead),
    fc.constantFrom(...WORDS.responsible),
    fc.constantFrom(...WORDS.support),
  ),
  roles: fc.record({ responsible: fc.boolean(), support: fc.boolean(), deadline: fc.boolean() }),
  deadline: fc.constantFrom(...DEADLINES),
  deadlineWord: fc.constantFrom("完成时限", "时间节点", "完成时间"),
  bracket: fc.constantFrom(...BRACKETS),
  colon: fc.boolean(),
  separator: fc.constantFrom("；", ""),
  ownLines: fc.boolean(),
  order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
});

describe("a task's units and deadline under bracketed labels", () => {
  it("read as the plain labels do, whatever brackets, colons, separators, lines and order", () => {
    fc.assert(
      fc.property(labels, (l) => {
        const [lead = "", responsible = "", support = ""] = l.units;
        const entries: [string, string][] = [[l.words[0], lead]];
        if (l.roles.responsible) entries.push([l.words[1], responsible]);
        if (l.roles.support) entries.push([l.words[2], support]);
        if (l.roles.deadline) entries.push([l.deadlineWord, l.deadline]);
        const ordered = entries
          .map((e, i) => ({ e, k: l.order[i] ?? 0 }))
          .sort((a, b) => a.k - b.k)
          .map(({ e }) => e);
        const [open, close] = l.bracket ?? ["", ""];
        const colon = l.bracket === null || l.colon ? "：" : "";
        const written = ordered.map(([word, value]) => `${open}${word}${close}${colon}${value}`);
        // Without brackets a label is only told from the names before it by a separator.
        const separator = l.bracket === null ? "；" : l.separator;
        const after = l.ownLines ? `\n${written.join("\n")}` : written.join(separator);
        const plan = importPlanDocument(
          `某区2024年重点工作方案\n一、重点任务\n1.推进政务服务事项全程网办。${after}\n某区人民政府办公室\n2024年3月1日`,
          {},
        );
        const t = task(plan, "一.1");
        expect(t.text).toBe("推进政务服务事项全程网办。");
        expect([t.lead, t.responsible, t.support]).toEqual([
          [lead],
          l.roles.responsible ? [responsible] : [],
          l.roles.support ? [support] : [],
        ]);
        expect(t.deadlines.map((d) => d.text)).toEqual(l.roles.deadline ? [l.deadline] : []);
        expect(plan.warnings).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
