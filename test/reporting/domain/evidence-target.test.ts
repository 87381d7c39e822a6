import { describe, expect, it } from "vitest";
import { evidenceTarget, JUST_SUBMITTED_MS } from "../../../src/reporting/domain/evidence-target";

const now = new Date("2022-06-26T04:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const c = (requestId: number, ms: number) => ({ requestId, submittedAt: ago(ms) });

describe("which report a file sent to the bot backs", () => {
  it("none without a report; the only report whenever it was submitted", () => {
    expect(evidenceTarget([], now)).toEqual({ kind: "none" });
    expect(evidenceTarget([c(1, 10 * 86_400_000)], now)).toEqual({
      kind: "one",
      target: c(1, 10 * 86_400_000),
    });
  });

  it("the report just submitted when it is the only recent one", () => {
    const r = evidenceTarget([c(1, 3 * 86_400_000), c(2, 60_000), c(3, 86_400_000)], now);
    expect(r).toEqual({ kind: "one", target: c(2, 60_000) });
  });

  it("a pick, last submitted first, when several are recent or none is", () => {
    const both = evidenceTarget([c(1, 120_000), c(2, 60_000)], now);
    expect(both.kind === "pick" && both.choices.map((x) => x.requestId)).toEqual([2, 1]);
    const old = evidenceTarget([c(1, JUST_SUBMITTED_MS + 1), c(2, JUST_SUBMITTED_MS + 2)], now);
    expect(old.kind === "pick" && old.choices.map((x) => x.requestId)).toEqual([1, 2]);
  });
});
