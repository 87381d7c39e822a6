import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterEach, expect, it } from "vitest";
import { postRaw } from "../fakes/event-sender";
import { describeDb } from "../helpers/db";
import { MODES, setupApp, TOKEN } from "./setup";

/** The same route over a real socket (@hono/node-server on loopback), as Feishu reaches it. */
describeDb("POST /feishu/webhook over real HTTP", (ctx) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function listen(app: ReturnType<typeof setupApp>["app"]): Promise<string> {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("acks a signed, encrypted event, runs it once, and refuses oversized bodies", async () => {
    const s = setupApp(ctx.database, MODES[0] ?? { name: "encrypted", token: TOKEN });
    const url = await listen(s.app);
    const env = s.sender.message({ text: "/help", chatType: "p2p" });
    const first = await s.sender.post(url, env);
    const second = await s.sender.post(url, env);
    await s.drain();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(s.recorder.events.map((e) => e.kind)).toEqual(["message"]);

    const declared = await postRaw(url, "x".repeat(2 * 1024 * 1024));
    expect(declared.status).toBe(413);
    const chunked = await fetch(`${url}/feishu/webhook`, {
      method: "POST",
      body: new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < 40; i++) c.enqueue(new Uint8Array(64 * 1024).fill(120));
          c.close();
        },
      }),
      // @ts-expect-error Node's fetch needs duplex for a stream body; not in the DOM RequestInit type.
      duplex: "half",
    });
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toEqual({ error: "body larger than 1048576 bytes" });
    expect(await s.processedCount()).toBe(1);
  });
});
