import { readFileSync } from "node:fs";
import { Hono } from "hono";
import * as z from "zod";
import { galleryCards } from "./gallery";
import type { Session } from "./session";
import type { StandIn } from "./stand-in/server";
import { chatViews } from "./views";
import type { Person } from "./world";

export interface PlaygroundRoutesDeps {
  session: Session;
  standIn: StandIn;
  people: Person[];
  now(): Date;
  setClock(to: Date): void;
  tick(): Promise<{ errors?: unknown[] } | unknown>;
  reset(): Promise<void>;
  /** Every card template by name, for the gallery. */
  templates: Record<string, unknown>;
  /** Settles once the work group is seeded: the service answers /healthz meanwhile, the playground waits. */
  seeded: Promise<void>;
}

const openId = z.string().regex(/^ou_[\w-]{1,60}$/);
const sayBody = z.object({
  as: openId,
  text: z.string().trim().min(1).max(4000),
  where: z.enum(["group", "p2p"]).default("group"),
});
const clickBody = z.object({
  as: openId,
  messageId: z.string().min(1).max(100),
  value: z.record(z.string(), z.unknown()),
  formValue: z.record(z.string(), z.unknown()).optional(),
});
const clockBody = z.object({ to: z.iso.datetime({ offset: true }) });

/** Static files of the page, read once: plain browser scripts, no build step. */
const asset = (name: string) => readFileSync(new URL(`./page/${name}`, import.meta.url), "utf8");
const ASSETS: Record<string, { type: string; body: () => string }> = {
  "app.js": { type: "text/javascript", body: () => asset("app.js") },
  "card.js": { type: "text/javascript", body: () => asset("card.js") },
  "card-data.js": { type: "text/javascript", body: () => asset("card-data.js") },
  "markdown.js": { type: "text/javascript", body: () => asset("markdown.js") },
  "gallery.js": { type: "text/javascript", body: () => asset("gallery.js") },
  "style.css": { type: "text/css", body: () => asset("style.css") },
};

/** The playground page and its API: what a person does becomes an event on the real webhook route. */
export function playgroundRoutes(d: PlaygroundRoutesDeps): Hono {
  const app = new Hono();
  app.use(async (_c, next) => {
    await d.seeded;
    await next();
  });
  const json = async <T>(req: Request, schema: z.ZodType<T>) => {
    const text = await req.text();
    if (text.length > 100_000) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
  const bad = { error: "invalid request" };

  app.get("/", (c) => c.html(asset("index.html")));
  app.get("/cards", (c) => c.html(asset("cards.html")));
  app.get("/assets/:name", (c) => {
    const a = ASSETS[c.req.param("name")];
    if (!a) return c.notFound();
    return c.body(a.body(), 200, { "content-type": `${a.type}; charset=utf-8`, "cache-control": "no-store" });
  });

  app.get("/api/gallery", (c) => c.json({ cards: galleryCards(d.templates), people: d.people }));
  app.get("/api/state", (c) => {
    const viewer = d.people.find((p) => p.openId === c.req.query("as")) ?? d.people[0];
    if (!viewer) return c.json(bad, 400);
    return c.json({
      simulation: true,
      now: d.now().toISOString(),
      people: d.people,
      viewer: viewer.openId,
      ...chatViews(d.standIn, viewer, d.session.shownFrom()),
    });
  });
  app.post("/api/say", async (c) => {
    const b = await json(c.req.raw, sayBody);
    if (!b || !d.people.some((p) => p.openId === b.as)) return c.json(bad, 400);
    await d.session.say(b.as, b.text, b.where);
    return c.json({ ok: true });
  });
  app.post("/api/click", async (c) => {
    const b = await json(c.req.raw, clickBody);
    if (!b || !d.standIn.state.messages.has(b.messageId)) return c.json(bad, 400);
    return c.json(await d.session.click(b.as, b.messageId, b.value, b.formValue));
  });
  app.post("/api/clock", async (c) => {
    const b = await json(c.req.raw, clockBody);
    if (!b) return c.json(bad, 400);
    d.setClock(new Date(b.to));
    return c.json({ now: d.now().toISOString() });
  });
  app.post("/api/tick", async (c) => c.json({ ok: true, result: await d.tick() }));
  app.post("/api/reset", async (c) => {
    await d.reset();
    return c.json({ ok: true });
  });
  app.get("/api/files/:key", (c) => {
    const f = d.standIn.state.files.get(c.req.param("key"));
    if (!f) return c.notFound();
    const name = encodeURIComponent(f.fileName);
    return c.body(f.bytes.slice().buffer, 200, {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename*=UTF-8''${name}`,
    });
  });
  return app;
}
