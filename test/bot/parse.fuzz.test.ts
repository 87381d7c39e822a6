import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/bot/parse";
import { hostileString, RUNS } from "../helpers/hostile";

const person = fc.record({ openId: fc.string({ maxLength: 40 }), name: hostileString(3) });

describe("the command parser, fuzzed", () => {
  it("never throws; what it returns is consistent with what was typed", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileString(),
          fc.string({ maxLength: 200 }),
          fc.string({ unit: "binary", maxLength: 200 }),
        ),
        fc.array(person, { maxLength: 4 }),
        (text, mentions) => {
          const parsed = parseCommand(text, mentions);
          if (!parsed) return;
          expect(parsed.typed).not.toBe("");
          expect(parsed.typed).not.toMatch(/\s/);
          expect(parsed.argText).toBe(parsed.argText.trim());
          expect(parsed.args.join(" ").length).toBeLessThanOrEqual(parsed.argText.length);
          for (const a of parsed.args) expect(a).not.toMatch(/^\s*$|\s/);
          // Nothing is invented: every argument comes from the text as typed.
          for (const a of parsed.args) expect(text.replace(/\u00a0/g, " ")).toContain(a);
        },
      ),
      RUNS,
    );
  });

  it("is linear: a 50,000-character message parses in one pass", () => {
    const huge = `/bind ${"市".repeat(50_000)}`;
    const parsed = parseCommand(huge, [{ openId: "ou_a", name: "市" }]);
    expect(parsed?.typed).toBe("bind");
  });
});
