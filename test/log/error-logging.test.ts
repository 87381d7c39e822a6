import { expect, it } from "vitest";
import { createMemoryLogger } from "../../src/wiring/log";

it("logs an error with its stack and every cause, not a string that loses them", () => {
  const logger = createMemoryLogger();
  const root = Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
  const err = new Error("could not record sent rows", { cause: new Error("write failed", { cause: root }) });
  logger.error({ err }, "outbox: could not record sent rows");
  const logged = logger.lines[0]?.err as Record<string, unknown>;
  expect(logged.message).toBe("could not record sent rows");
  expect(String(logged.stack)).toContain("error-logging.test.ts");
  const cause = logged.cause as Record<string, unknown>;
  expect(cause.message).toBe("write failed");
  expect((cause.cause as Record<string, unknown>).code).toBe("ENOSPC");
});
