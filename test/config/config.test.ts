import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, redactConfig } from "../../src/config";

describe("config", () => {
  it("starts with defaults from an empty environment", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe("./data");
    expect(c.feishu.domain).toBe("feishu");
    expect(c.feishu.mode).toBe("webhook");
    expect(c.timezone).toBe("Asia/Shanghai");
    expect(c.admins).toEqual([]);
    expect(c.rates).toEqual({ appPerSec: 50, appPerMin: 1000, chatPerSec: 5, userPerSec: 5 });
  });

  it("reads the outbound rate limits", () => {
    const c = loadConfig({
      DUBAN_RATE_APP_PER_SEC: "200",
      DUBAN_RATE_APP_PER_MIN: "0",
      DUBAN_RATE_CHAT_PER_SEC: "2.5",
    });
    expect(c.rates).toEqual({ appPerSec: 200, appPerMin: 0, chatPerSec: 2.5, userPerSec: 5 });
  });

  it("treats an empty variable as unset", () => {
    const c = loadConfig({ PORT: "", DATABASE_URL: " ", FEISHU_DOMAIN: "", DUBAN_ADMINS: "" });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.feishu.domain).toBe("feishu");
  });

  it.each([
    [{ PORT: "abc" }, "PORT", "port number"],
    [{ PORT: "70000" }, "PORT", "port number"],
    [{ FEISHU_DOMAIN: "feishu.cn" }, "FEISHU_DOMAIN", "base URL"],
    [{ FEISHU_MODE: "sse" }, "FEISHU_MODE", '"webhook" or "ws"'],
    [{ DUBAN_ADMINS: "alice" }, "DUBAN_ADMINS", "open_ids"],
    [{ DATABASE_URL: "mysql://x/y" }, "DATABASE_URL", "postgres://"],
    [{ DUBAN_TIMEZONE: "Mars/Olympus" }, "DUBAN_TIMEZONE", "time zone"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", "info"],
    [{ FEISHU_APP_ID: "cli_a1" }, "FEISHU_APP_SECRET", "together"],
    [{ DUBAN_RATE_APP_PER_SEC: "0" }, "DUBAN_RATE_APP_PER_SEC", "above 0"],
    [{ DUBAN_RATE_CHAT_PER_SEC: "fast" }, "DUBAN_RATE_CHAT_PER_SEC", "number of calls"],
  ])("rejects %j naming %s and what it accepts", (env, variable, accepts) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.variable).toBe(variable);
    expect(e.message.startsWith(`${variable}: `)).toBe(true);
    expect(e.message).toContain(accepts);
    expect(e.message.split("\n")).toHaveLength(1);
  });

  it("parses the Feishu settings and admins", () => {
    const c = loadConfig({
      FEISHU_APP_ID: "cli_a1b2",
      FEISHU_APP_SECRET: "s3cr3t",
      FEISHU_DOMAIN: "http://127.0.0.1:9999",
      FEISHU_MODE: "ws",
      DUBAN_ADMINS: "ou_a, ou_b",
    });
    expect(c.feishu.domain).toBe("http://127.0.0.1:9999");
    expect(c.feishu.mode).toBe("ws");
    expect(c.admins).toEqual(["ou_a", "ou_b"]);
  });

  it("never shows secrets in its loggable form", () => {
    const c = loadConfig({
      FEISHU_APP_ID: "cli_a1b2",
      FEISHU_APP_SECRET: "topsecret-value",
      FEISHU_ENCRYPT_KEY: "enc-key-value",
      FEISHU_VERIFICATION_TOKEN: "verify-token-value",
      DATABASE_URL: "postgres://duban:dbpassword@db.example:5432/duban",
    });
    const text = JSON.stringify(redactConfig(c));
    for (const secret of ["topsecret-value", "enc-key-value", "verify-token-value", "dbpassword"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("cli_a1b2");
  });
});
