import { expect, it } from "vitest";
import { cachedBotOpenId } from "../../src/feishu/bot-identity";

it("fetches the bot's open_id once, and after a failure waits before asking again", async () => {
  let t = 0;
  let calls = 0;
  let fail = true;
  const get = cachedBotOpenId(
    async () => {
      calls++;
      if (fail) throw new Error("feishu down");
      return "ou_bot";
    },
    { retryMs: 10_000, now: () => t },
  );
  expect(await get()).toBeUndefined();
  expect(await get()).toBeUndefined(); // within the retry pause: no call
  expect(calls).toBe(1);
  fail = false;
  t = 10_001;
  expect(await Promise.all([get(), get()])).toEqual(["ou_bot", "ou_bot"]);
  expect(await get()).toBe("ou_bot");
  expect(calls).toBe(2);
});
