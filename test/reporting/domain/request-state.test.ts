import { describe, expect, it } from "vitest";
import { isClosed, isLateSubmission, requestState } from "../../../src/reporting/domain/request-state";

const d = {
  dueAt: new Date("2022-06-24T10:00:00Z"),
  closesAt: new Date("2022-06-29T15:59:00Z"),
  reopenedUntil: null,
};
const before = new Date("2022-06-24T09:00:00Z");
const between = new Date("2022-06-26T00:00:00Z");
const after = new Date("2022-07-01T00:00:00Z");

describe("request state and lateness", () => {
  it("is pending, then overdue without a report; submitted or late with one", () => {
    expect(requestState(d, null, before)).toBe("pending");
    expect(requestState(d, null, between)).toBe("overdue");
    expect(requestState(d, { late: false }, after)).toBe("reported");
    expect(requestState(d, { late: true }, between)).toBe("late");
  });

  it("a first report after the due date is late; a correction of an on-time one stays on time until the close", () => {
    expect(isLateSubmission(d, null, before)).toBe(false);
    expect(isLateSubmission(d, null, between)).toBe(true);
    expect(isLateSubmission(d, { late: false }, between)).toBe(false);
    expect(isLateSubmission(d, { late: true }, between)).toBe(true);
    expect(isLateSubmission(d, { late: false }, after)).toBe(true);
  });

  it("reopening extends both deadlines for the unit", () => {
    const reopened = { ...d, reopenedUntil: new Date("2022-07-05T10:00:00Z") };
    expect(isLateSubmission(reopened, null, after)).toBe(false);
    expect(requestState(reopened, null, after)).toBe("pending");
    expect(isClosed(d, after)).toBe(true);
    expect(isClosed(reopened, after)).toBe(false);
    // An earlier reopening than the due date changes nothing.
    const earlier = { ...d, reopenedUntil: new Date("2022-06-01T00:00:00Z") };
    expect(isLateSubmission(earlier, null, between)).toBe(true);
  });
});
