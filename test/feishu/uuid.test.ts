import { describe, expect, it } from "vitest";
import { feishuUuid } from "../../src/feishu/client";

/** open_ids as Feishu issues them: "ou_" and 32 hex digits. */
const openId = (i: number) => `ou_${i.toString(16).padStart(32, "0")}`;

describe("Feishu uuid from outbox keys", () => {
  it("keeps keys up to 50 characters as they are, and hashes longer collect keys within 50, deterministically", async () => {
    expect(await feishuUuid("leadnote:12:ou_1")).toBe("leadnote:12:ou_1");
    const fifty = "x".repeat(50);
    expect(await feishuUuid(fifty)).toBe(fifty);
    const key = `overview:1234:56:${openId(7)}`; // 53 characters
    expect(key.length).toBeGreaterThan(50);
    const uuid = await feishuUuid(key);
    expect(uuid.length).toBeLessThanOrEqual(50);
    expect(await feishuUuid(key)).toBe(uuid); // a retry after a crash sends under the same uuid
  });

  it("never gives two different long keys the same uuid, even when they share the readable prefix", async () => {
    const keys: string[] = [];
    for (let round = 1; round <= 3; round++)
      for (let unit = 1; unit <= 47; unit++)
        for (let person = 0; person < 3; person++) {
          keys.push(`overview:${round}:${unit}:${openId(unit * 10 + person)}`);
          keys.push(`reopen:${round}:${unit}:1657274400:${openId(unit * 10 + person)}`);
          keys.push(`ovp:${round}:${unit}:${openId(unit * 10 + person)}:${round * 1000 + unit}`);
        }
    const long = keys.filter((k) => k.length > 50);
    expect(long.length).toBeGreaterThan(400);
    const uuids = await Promise.all(keys.map(feishuUuid));
    expect(new Set(uuids).size).toBe(keys.length);
    // Keys differing only past the kept prefix (the open_id's last digit) still differ.
    const a = await feishuUuid(`overview:1:1:${openId(1)}`);
    const b = await feishuUuid(`overview:1:1:${openId(2)}`);
    expect(a.slice(0, 17)).toBe(b.slice(0, 17));
    expect(a).not.toBe(b);
  });
});
