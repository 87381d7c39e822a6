import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentLiteral } from "../../src/domain/escape/document";
import { FILE_NAME_MAX, fileNameLiteral } from "../../src/domain/escape/filename";
import { markdownLiteral, plainLiteral, renderRich, textLiteral } from "../../src/feishu/escape";
import { joinRich, md, mention, plain } from "../../src/kernel/messages";
import { markdownMarkup, readMarkdown, readText, textMarkup, visibleOf } from "../helpers/feishu-reader";
import { HOSTILE_PIECES, hostileString, RUNS } from "../helpers/hostile";

const none = { mentions: [], links: [], images: [], tags: [] };

describe("one escaping rule per format: nothing typed becomes markup, and it reads as typed", () => {
  it("text messages: no mention, link or style tag; a person reads exactly what was typed", () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const out = textLiteral(s);
        expect(textMarkup(out)).toEqual(none);
        expect(readText(out)).toBe(visibleOf(s));
      }),
      RUNS,
    );
  });

  it("card markdown: no mention, link, image, tag or emphasis; reads exactly as typed", () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const out = markdownLiteral(s);
        expect(markdownMarkup(out)).toEqual(none);
        expect(out).not.toMatch(/[*~`<>[\]]/);
        expect(readMarkdown(out)).toBe(visibleOf(s));
      }),
      RUNS,
    );
  });

  it("rich text: our markup and typed mentions stay, typed text adds none", () => {
    fc.assert(
      fc.property(hostileString(), hostileString(), (unit, progress) => {
        const r = md`**${unit}** 已报送:${progress} ${mention("ou_liaison1")}${joinRich([plain(unit), plain(progress)], "、")}`;
        const out = renderRich(r);
        expect(markdownMarkup(out)).toEqual({
          mentions: ["ou_liaison1"],
          links: [],
          images: [],
          tags: ["at", "at"],
        });
        expect(readMarkdown(out)).toBe(
          `${visibleOf(unit)} 已报送:${visibleOf(progress)} @${visibleOf(unit)}、${visibleOf(progress)}`,
        );
      }),
      RUNS,
    );
  });

  it("a mention of anything but an open_id (all, a forged tag) renders as nothing", () => {
    for (const at of ["all", 'ou_x"></at><at id=all>', "ou_ a", ""])
      expect(markdownMarkup(renderRich(mention(at))).mentions).toEqual([]);
  });

  it("plain fields, toasts and documents: shown as typed, minus invisible controls", () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        expect(visibleOf(plainLiteral(s))).toBe(visibleOf(s));
        expect(documentLiteral(s)).toBe(plainLiteral(s));
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that controls are gone.
        expect(plainLiteral(s)).not.toMatch(/[\u0000-\u0008\u202e]/);
      }),
      RUNS,
    );
  });

  it("file names: no separators or reserved characters, bounded, extension kept, idempotent", () => {
    fc.assert(
      fc.property(hostileString(20), (s) => {
        const name = fileNameLiteral(`${s}.xlsx`);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that controls are gone.
        expect(name).not.toMatch(/[\\/:*?"<>|\s\u0000-\u001f]/);
        expect(name.startsWith(".")).toBe(false);
        expect([...name].length).toBeLessThanOrEqual(FILE_NAME_MAX);
        expect(name.endsWith(".xlsx")).toBe(true);
        expect(fileNameLiteral(name)).toBe(name);
      }),
      RUNS,
    );
  });

  it("every hostile piece alone is literal in text and markdown", () => {
    for (const p of HOSTILE_PIECES) {
      expect(textMarkup(textLiteral(p))).toEqual(none);
      expect(markdownMarkup(markdownLiteral(p))).toEqual(none);
    }
  });
});
