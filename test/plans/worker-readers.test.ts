import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { readDocument } from "../../src/plans/formats/read";

// The Worker build swaps the reader libraries for this stub (wrangler.toml [alias]); do the same here.
vi.mock("unpdf", () => import("../../src/entry/worker-no-readers"));
vi.mock("mammoth", () => import("../../src/entry/worker-no-readers"));
vi.mock("word-extractor", () => import("../../src/entry/worker-no-readers"));

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url)));

describe("plan files on a build without the document readers (Workers)", () => {
  it("refuses Word and PDF with a message that names the way out, every time", async () => {
    const files: [string, Uint8Array][] = [
      ["pdf", fixture("genre-national-no-units.pdf")],
      ["docx", fixture("genre-no-task-heading.docx")],
      ["doc", Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
      ["pdf", fixture("genre-national-no-units.pdf")],
    ];
    for (const [format, bytes] of files) {
      const doc = await readDocument(bytes);
      expect(doc.format).toBe(format);
      expect(doc.blocks).toEqual([]);
      expect(doc.problems).toHaveLength(1);
      expect(doc.problems[0]?.message).toContain("不读取 Word、PDF 文件");
      expect(doc.problems[0]?.message).toContain("纯文本（.txt）");
      expect(doc.problems[0]?.message).not.toContain("损坏");
    }
  });

  it("still reads a plain-text plan", async () => {
    const doc = await readDocument(fixture("wuhan-2022-proposal-1.txt"));
    expect(doc.format).toBe("txt");
    expect(doc.problems).toEqual([]);
    expect(doc.blocks.length).toBeGreaterThan(10);
  });
});
