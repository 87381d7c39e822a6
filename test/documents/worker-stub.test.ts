import { describe, expect, it, vi } from "vitest";
import { renderOfficialDocx } from "../../src/documents/official.js";

// The Worker build swaps docx for this stub (wrangler.toml [alias]); do the same here.
vi.mock("docx", () => import("../../src/entry/worker-node-only.js"));

describe("documents on a build without docx (Workers)", () => {
  it("fails with the same message on every attempt, not only the first", async () => {
    const doc = {
      issuer: "武汉市建设国家中心城市工作领导小组办公室",
      title: "关于重点任务推进情况的通报",
      recipients: "各成员单位",
      opening: ["现将推进情况通报如下。"],
      sections: [],
      date: new Date("2022-06-30T02:00:00Z"),
    };
    for (let i = 0; i < 2; i++)
      await expect(renderOfficialDocx(doc)).rejects.toThrow("not available on Cloudflare Workers");
  });
});
