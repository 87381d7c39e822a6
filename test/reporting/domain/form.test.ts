import { describe, expect, it } from "vitest";
import {
  canonicalContent,
  decreases,
  parseAmount,
  parseSummaryForm,
  parseTaskForm,
} from "../../../src/reporting/domain/form";

const racks = { id: 7, name: "数据中心机架", unit: "个" };

describe("report forms", () => {
  it("accepts a complete task form, trimming text and reading indicator values", () => {
    const r = parseTaskForm(
      {
        status: "in_progress",
        progress: "  推进中  ",
        problems: "",
        evidence: "https://a.cn/x",
        ind_7: "1.2万",
      },
      [racks],
    );
    expect(r).toEqual({
      ok: true,
      content: {
        status: "in_progress",
        progress: "推进中",
        problems: null,
        evidenceUrl: "https://a.cn/x",
        documentUrl: null,
        indicatorValues: { "7": 12000 },
      },
    });
  });

  it("names the field in every error", () => {
    const msg = (v: Record<string, unknown>) => {
      const r = parseTaskForm({ status: "done", progress: "好", ...v }, [racks]);
      return r.ok ? "ok" : r.message;
    };
    expect(msg({ progress: "" })).toBe("「进展情况」不能为空");
    expect(msg({ progress: undefined })).toBe("「进展情况」不能为空");
    expect(msg({ progress: "字".repeat(501) })).toBe("「进展情况」不能超过500字");
    expect(msg({ progress: "字".repeat(500) })).toBe("ok");
    expect(msg({ progress: "😀".repeat(500) })).toBe("ok"); // characters, not UTF-16 units
    expect(msg({ status: "" })).toBe("请选择「推进状态」");
    expect(msg({ problems: "问".repeat(301) })).toBe("「需协调解决的问题」不能超过300字");
    expect(msg({ evidence: "ftp://a.cn" })).toContain("「佐证材料链接」须为 http 或 https");
    expect(msg({ evidence: "javascript:alert(1)" })).toContain("「佐证材料链接」");
    expect(msg({ ind_7: "很多" })).toContain("「数据中心机架」须填写数字");
    expect(msg({ ind_7: "-5" })).toContain("「数据中心机架」");
    expect(msg({ ind_7: "" })).toBe("ok"); // not reported this time
  });

  it("reads amounts with separators, full-width digits, 万/亿 and the unit", () => {
    expect(parseAmount("40,000")).toBe(40000);
    expect(parseAmount("４００００")).toBe(40000);
    expect(parseAmount("4万")).toBe(40000);
    expect(parseAmount("1.5亿")).toBe(150000000);
    expect(parseAmount("500个", "个")).toBe(500);
    expect(parseAmount("1e5")).toBeUndefined();
    expect(parseAmount("")).toBeUndefined();
  });

  it("the summary form needs an http(s) document link and a summary", () => {
    expect(parseSummaryForm({ document: "https://x.feishu.cn/docx/1", summary: "小结" })).toMatchObject({
      ok: true,
      content: { documentUrl: "https://x.feishu.cn/docx/1", progress: "小结", status: null },
    });
    expect(parseSummaryForm({ summary: "小结" })).toMatchObject({
      ok: false,
      message: "「文档链接」不能为空",
    });
    expect(parseSummaryForm({ document: "https://x.cn", summary: " " })).toMatchObject({
      ok: false,
      message: "「内容摘要」不能为空",
    });
  });

  it("finds cumulative values that went down", () => {
    expect(decreases({ "1": 10, "2": 5 }, { "1": 20, "2": 5, "3": 9 })).toEqual([
      { indicatorId: 1, from: 20, to: 10 },
    ]);
    expect(decreases({ "1": 30 }, {})).toEqual([]);
  });

  it("the same content always has the same canonical text; different content differs", () => {
    const base = {
      status: "done" as const,
      progress: "好",
      problems: null,
      evidenceUrl: null,
      documentUrl: null,
      indicatorValues: { "2": 1, "1": 3 },
    };
    expect(canonicalContent(base)).toBe(canonicalContent({ ...base, indicatorValues: { "1": 3, "2": 1 } }));
    expect(canonicalContent(base)).not.toBe(canonicalContent({ ...base, progress: "好。" }));
  });
});
