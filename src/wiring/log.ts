import type { LogFn, Logger } from "../kernel/logger";

const levels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof levels)[number];

/**
 * A Web-standard JSON-lines logger over console (Workers, tests). The Node entry uses pino instead;
 * both satisfy the Logger port.
 */
export function createConsoleLogger(
  level: LogLevel = "info",
  bindings: Record<string, unknown> = {},
  sink: (line: string) => void = (line) => console.log(line),
): Logger {
  const min = levels.indexOf(level);
  const make =
    (name: (typeof levels)[number]): LogFn =>
    (a: Record<string, unknown> | string, msg?: string) => {
      if (levels.indexOf(name) < min) return;
      const fields = typeof a === "string" ? { msg: a } : { ...a, msg };
      sink(JSON.stringify({ level: name, time: new Date().toISOString(), ...bindings, ...fields }));
    };
  return {
    trace: make("trace"),
    debug: make("debug"),
    info: make("info"),
    warn: make("warn"),
    error: make("error"),
    child: (more) => createConsoleLogger(level, { ...bindings, ...more }, sink),
  };
}

/** A logger that records lines in memory, for tests that assert what was logged. */
export function createMemoryLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createConsoleLogger("trace", {}, (line) => lines.push(JSON.parse(line)));
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = createConsoleLogger("silent");
