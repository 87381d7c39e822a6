import { describe, expect, it } from "vitest";
import {
  EVIDENCE_NAME_MAX,
  evidenceFileLabel,
  evidenceFilesOf,
  evidenceLines,
  evidenceName,
} from "../../src/domain/evidence";

describe("佐证材料", () => {
  it("keeps a file's name without controls, folded, cut to the cap with its extension", () => {
    expect(evidenceName("  验收\u202e报告\n第一期.pdf ")).toBe("验收报告 第一期.pdf");
    const long = evidenceName(`${"长".repeat(300)}.docx`);
    expect([...long].length).toBe(EVIDENCE_NAME_MAX);
    expect(long.endsWith("….docx")).toBe(true);
  });

  it("reads stored files defensively: text or json, malformed entries dropped", () => {
    const ok = { messageId: "om_1", fileKey: "file_1", type: "image", name: "图片" };
    expect(evidenceFilesOf(JSON.stringify([ok, { fileKey: 1 }]))).toEqual([ok]);
    expect(evidenceFilesOf("not json")).toEqual([]);
    expect(evidenceFilesOf(null)).toEqual([]);
  });

  it("lists links first, then files and photos, one line each", () => {
    const files = [
      { messageId: "om_1", fileKey: "f", type: "file" as const, name: "验收报告.pdf" },
      { messageId: "om_2", fileKey: "i", type: "image" as const, name: "图片（6月20日 10:05）" },
    ];
    expect(evidenceLines([" https://a.cn/x ", null, ""], files)).toEqual([
      "https://a.cn/x",
      "文件：验收报告.pdf",
      "图片：图片（6月20日 10:05）",
    ]);
    expect(evidenceFileLabel({ type: "file", name: "" })).toBe("文件：未命名");
  });
});
