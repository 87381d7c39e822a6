import * as z from "zod";
import { isFixedZone } from "./domain/time";

/**
 * The only reader of the environment (docs/contract.md). Every other module receives a Config.
 * An empty variable counts as unset.
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const feishuDomain = z
  .string()
  .refine((v) => v === "feishu" || v === "lark" || /^https?:\/\/[^\s/]+(\/.*)?$/.test(v), {
    message: 'accepts "feishu", "lark", or a base URL such as http://127.0.0.1:9999',
  });

const timezone = z.string().refine(
  (tz) => {
    if (isFixedZone(tz)) return true;
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "accepts an IANA time zone such as Asia/Shanghai" },
);

const openIdList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(/^ou_[A-Za-z0-9_-]+$/, { message: "accepts comma-separated open_ids such as ou_abc,ou_def" }),
    ),
  );

/** A positive rate (calls per second or minute); 0 is allowed where `allowZero` (turns a limit off). */
const rate = (fallback: number, allowZero = false) =>
  optionalString.pipe(
    z.coerce
      .number<string | undefined>({ message: "accepts a number of calls" })
      .refine((n) => Number.isFinite(n) && (allowZero ? n >= 0 : n > 0), {
        message: allowZero ? "accepts a number of calls, 0 or more" : "accepts a number of calls above 0",
      })
      .default(fallback),
  );

/** A duration in milliseconds within [min, max]. */
const millis = (fallback: number, min: number, max: number) =>
  optionalString.pipe(
    z.coerce
      .number<string | undefined>({ message: `accepts milliseconds from ${min} to ${max}` })
      .int({ message: `accepts milliseconds from ${min} to ${max}` })
      .min(min, { message: `accepts milliseconds from ${min} to ${max}` })
      .max(max, { message: `accepts milliseconds from ${min} to ${max}` })
      .default(fallback),
  );

const envSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "accepts a postgres:// or postgresql:// URL" })
      .optional(),
  ),
  DUBAN_DATA_DIR: optionalString.pipe(z.string().default("./data")),
  PORT: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ message: "accepts a port number 1-65535" })
      .int({ message: "accepts a port number 1-65535" })
      .min(1, { message: "accepts a port number 1-65535" })
      .max(65535, { message: "accepts a port number 1-65535" })
      .default(3000),
  ),
  FEISHU_APP_ID: optionalString.pipe(
    z
      .string()
      .regex(/^cli_[A-Za-z0-9]+$/, { message: "accepts an app id such as cli_a1b2c3" })
      .optional(),
  ),
  FEISHU_APP_SECRET: optionalString,
  FEISHU_VERIFICATION_TOKEN: optionalString,
  FEISHU_ENCRYPT_KEY: optionalString,
  FEISHU_DOMAIN: optionalString.pipe(feishuDomain.default("feishu")),
  FEISHU_MODE: optionalString.pipe(
    z.enum(["webhook", "ws"], { message: 'accepts "webhook" or "ws"' }).default("webhook"),
  ),
  DUBAN_TIMEZONE: optionalString.pipe(timezone.default("Asia/Shanghai")),
  DUBAN_ADMINS: optionalString.pipe(openIdList.optional()),
  DUBAN_RATE_APP_PER_SEC: rate(50),
  DUBAN_RATE_APP_PER_MIN: rate(1000, true),
  DUBAN_RATE_CHAT_PER_SEC: rate(5),
  DUBAN_RATE_USER_PER_SEC: rate(5),
  DUBAN_STATEMENT_TIMEOUT_MS: millis(10_000, 100, 600_000),
  DUBAN_CARD_BUDGET_MS: millis(2_500, 200, 2_900),
  LOG_LEVEL: optionalString.pipe(
    z
      .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
        message: "accepts trace, debug, info, warn, error, fatal or silent",
      })
      .default("info"),
  ),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  feishu: {
    appId: string | undefined;
    appSecret: string | undefined;
    verificationToken: string | undefined;
    encryptKey: string | undefined;
    /** "feishu", "lark", or a base URL (tests point it at the fake Open Platform). */
    domain: string;
    mode: "webhook" | "ws";
  };
  timezone: string;
  admins: string[];
  /** Outbound rate limits (Feishu: 50/s and 1000/min per app, 5/s per chat and per user). */
  rates: { appPerSec: number; appPerMin: number; chatPerSec: number; userPerSec: number };
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /** Longest any one SQL statement may run before the database cancels it (Postgres). */
  statementTimeoutMs: number;
  /** A card callback is answered within this, database included (Feishu waits 3 s). */
  cardBudgetMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws a ConfigError naming the first bad variable and what it accepts. */
export function loadConfig(env: Env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, issue?.message ?? "is invalid");
  }
  const e = parsed.data;
  const feishuSet = [e.FEISHU_APP_ID, e.FEISHU_APP_SECRET].filter((v) => v !== undefined).length;
  if (feishuSet === 1) {
    const missing = e.FEISHU_APP_ID === undefined ? "FEISHU_APP_ID" : "FEISHU_APP_SECRET";
    throw new ConfigError(missing, "must be set together with FEISHU_APP_ID and FEISHU_APP_SECRET");
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DUBAN_DATA_DIR,
    port: e.PORT,
    feishu: {
      appId: e.FEISHU_APP_ID,
      appSecret: e.FEISHU_APP_SECRET,
      verificationToken: e.FEISHU_VERIFICATION_TOKEN,
      encryptKey: e.FEISHU_ENCRYPT_KEY,
      domain: e.FEISHU_DOMAIN,
      mode: e.FEISHU_MODE,
    },
    timezone: e.DUBAN_TIMEZONE,
    admins: e.DUBAN_ADMINS ?? [],
    rates: {
      appPerSec: e.DUBAN_RATE_APP_PER_SEC,
      appPerMin: e.DUBAN_RATE_APP_PER_MIN,
      chatPerSec: e.DUBAN_RATE_CHAT_PER_SEC,
      userPerSec: e.DUBAN_RATE_USER_PER_SEC,
    },
    logLevel: e.LOG_LEVEL,
    statementTimeoutMs: e.DUBAN_STATEMENT_TIMEOUT_MS,
    cardBudgetMs: e.DUBAN_CARD_BUDGET_MS,
  };
}

/** True when the app can talk to Feishu (credentials present). */
export function hasFeishuCredentials(config: Config): boolean {
  return config.feishu.appId !== undefined && config.feishu.appSecret !== undefined;
}

/** A copy safe to log: secrets replaced by whether they are set, the database password masked. */
export function redactConfig(config: Config): Record<string, unknown> {
  const mask = (v: string | undefined) => (v === undefined ? "(unset)" : "(set)");
  return {
    databaseUrl:
      config.databaseUrl?.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@") ?? `(PGlite in ${config.dataDir})`,
    port: config.port,
    feishu: {
      appId: config.feishu.appId ?? "(unset)",
      appSecret: mask(config.feishu.appSecret),
      verificationToken: mask(config.feishu.verificationToken),
      encryptKey: mask(config.feishu.encryptKey),
      domain: config.feishu.domain,
      mode: config.feishu.mode,
    },
    timezone: config.timezone,
    admins: config.admins.length,
    rates: config.rates,
    logLevel: config.logLevel,
  };
}

/** Cloudflare Workers bindings: vars and secrets are strings; Hyperdrive gives the Postgres URL. */
export interface WorkerBindings {
  HYPERDRIVE?: { connectionString: string };
  [name: string]: unknown;
}

/** The environment of a Worker as the Env loadConfig takes: Hyperdrive, when bound, supplies DATABASE_URL. */
export function workerEnv(bindings: WorkerBindings): Env {
  const env: Env = {};
  for (const [k, v] of Object.entries(bindings)) if (typeof v === "string") env[k] = v;
  if (bindings.HYPERDRIVE?.connectionString) env.DATABASE_URL = bindings.HYPERDRIVE.connectionString;
  return env;
}
