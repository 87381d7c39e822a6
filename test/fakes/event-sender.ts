import { readFileSync } from "node:fs";
import {
  createEventSender as createProductSender,
  type Envelope,
  type SenderConfig,
} from "../../src/playground/events";

export * from "../../src/playground/events";

/** The event sender (built, encrypted and signed as Feishu does) plus the recorded fixtures of test/fixtures/feishu. */

export const FIXTURES_DIR = new URL("../fixtures/feishu/", import.meta.url);

export function loadFixture(name: string): Envelope {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES_DIR), "utf8")) as Envelope;
}

export function createEventSender(cfg: SenderConfig = {}) {
  const now = cfg.now ?? (() => new Date());
  return {
    ...createProductSender(cfg),
    /** A fixture with a fresh event_id, the current time and this sender's token. */
    fromFixture(name: string): Envelope {
      const e = loadFixture(name);
      const micro = e.header.event_type === "card.action.trigger";
      e.header.event_id = randomHex(16);
      e.header.create_time = micro ? `${now().getTime()}000` : String(now().getTime());
      e.header.token = cfg.verificationToken ?? "";
      return e;
    },
  };
}

function randomHex(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
}
