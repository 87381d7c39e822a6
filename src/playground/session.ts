import type { Hono } from "hono";
import { systemClock } from "../kernel/clock";
import { createEventSender, type Envelope } from "./events";
import type { StandIn } from "./stand-in/server";
import type { FakeMessage } from "./stand-in/types";
import { GROUP, OFFICE, type Person, START } from "./world";

/** The simulated business time: set by the page, then running on with real time (so rate-limited sends fall due). */
export class SimClock {
  private at = START;
  private setAt = systemClock.now().getTime();
  now = (): Date => new Date(this.at.getTime() + (systemClock.now().getTime() - this.setAt));
  set(to: Date): void {
    this.at = to;
    this.setAt = systemClock.now().getTime();
  }
}

export interface SessionDeps {
  standIn: StandIn;
  secrets: { verificationToken: string; encryptKey: string };
  clock: SimClock;
  people: Person[];
  /** The real HTTP app: every simulated event goes through its /feishu/webhook route. */
  app: Pick<Hono, "request">;
  /** Waits until the bot finished the work the last events started and the outbox has sent what is due. */
  settle(): Promise<void>;
  tick(now: Date): Promise<unknown>;
}

export interface CardAnswer {
  status: number;
  toast?: { type?: string; content?: string };
}

/** What a person does in the playground, turned into the signed, encrypted events Feishu would post. */
export function createSession(d: SessionDeps) {
  const { state, identity } = d.standIn;
  const sender = createEventSender({
    ...d.secrets,
    appId: identity.appId,
    botOpenId: identity.botOpenId,
    botName: identity.botName,
    now: d.clock.now,
  });
  const post = (env: Envelope | Record<string, unknown>) => sender.post(d.app, env);
  const person = (openId: string): Person => {
    const p = d.people.find((x) => x.openId === openId);
    if (!p) throw new Error(`unknown person ${openId}`);
    return p;
  };

  /** Messages before this index are the seeding's and not shown. */
  let shownFrom = 0;

  /** Puts the work group into the stand-in: its people, the chat, the bot in it. */
  function seedStandIn(): void {
    for (const p of d.people) state.addUser({ openId: p.openId, name: p.name });
    state.addChat(
      GROUP.chatId,
      d.people.map((p) => ({ openId: p.openId, name: p.name })),
      GROUP.name,
    );
  }

  async function say(from: string, text: string, where: "group" | "p2p"): Promise<void> {
    const who = person(from);
    const p2p = where === "p2p";
    // "@姓名" of a group member becomes a Feishu mention (@_user_N), as the client would send it.
    const mentioned = d.people.filter((p) => p.openId !== from && text.includes(`@${p.name}`));
    const offset = p2p ? 1 : 2;
    const keyed = mentioned.reduce((t, m, i) => t.split(`@${m.name}`).join(`@_user_${i + offset}`), text);
    const msg = state.createMessage({
      sender: { openId: who.openId },
      chatId: p2p ? state.p2pChatId(who.openId) : GROUP.chatId,
      chatType: p2p ? "p2p" : "group",
      openId: p2p ? who.openId : undefined,
      msgType: "text",
      content: JSON.stringify({ text }),
      text,
    });
    const env = sender.message({
      text: keyed,
      sender: who.openId,
      chatId: msg.chatId,
      chatType: p2p ? "p2p" : "group",
      mentionBot: !p2p,
      mentions: mentioned.map((m) => ({ openId: m.openId, name: m.name })),
    });
    (env.event.message as { message_id: string }).message_id = msg.messageId;
    await post(env);
    await d.settle();
  }

  /** A click on a card's button (with its form's values): Feishu's card.action.trigger callback. */
  async function click(
    from: string,
    messageId: string,
    value: Record<string, unknown>,
    formValue?: Record<string, unknown>,
  ): Promise<CardAnswer> {
    const msg = state.messages.get(messageId);
    if (!msg) throw new Error("unknown message");
    const res = await post(
      sender.cardAction({
        operator: person(from).openId,
        value,
        ...(formValue ? { formValue } : {}),
        messageId,
        chatId: msg.chatId,
      }),
    );
    const body = (await res.json().catch(() => ({}))) as {
      toast?: CardAnswer["toast"];
      card?: { type?: string; data?: unknown };
    };
    // Feishu replaces the card with the one the callback answers.
    if (body.card?.type === "raw" && body.card.data) {
      msg.card = body.card.data;
      msg.updateTime = systemClock.now().getTime();
      msg.updates.push({ at: systemClock.now().getTime(), via: "card_update", card: body.card.data });
    }
    await d.settle();
    return { status: res.status, ...(body.toast ? { toast: body.toast } : {}) };
  }

  /**
   * First start: the bot joins the work group and sends the office its mapping card (the roster matched to the
   * group's members); the office confirms it as proposed, which makes each unit's member its liaison.
   */
  async function seedWorld(): Promise<void> {
    seedStandIn();
    await post(sender.botAdded({ chatId: GROUP.chatId, chatName: GROUP.name, operator: OFFICE.openId }));
    const isMapping = (m: FakeMessage) =>
      m.sender === "bot" && findNode(m.card, (n) => n.tag === "form" && n.name === "mapping") !== undefined;
    // The card goes out through the outbox: wait for it (ten seconds at most; the seeding goes on without it),
    // looking often, as every start of the playground waits here before it answers.
    for (let i = 0; i < 400 && !state.messageList.some(isMapping); i++) {
      await d.settle();
      await new Promise((r) => setTimeout(r, 25));
    }
    const mapping = [...state.messageList].reverse().find(isMapping);
    // The roster names the units' heads, whom duban proposes as 领导, not as liaisons: the office picks each
    // unit's member as its liaison, a page of units at a time (a picked unit leaves the list, the next move up).
    for (let page = 0; mapping && page < 20; page++) {
      const form: Record<string, unknown> = {};
      for (const field of findAll(mapping.card, (n) => n.tag === "select_person")) {
        const label = (field.placeholder as { content?: unknown } | undefined)?.content;
        const unit = typeof label === "string" ? label.split(/[:：]/)[0] : undefined;
        const liaison = d.people.find((p) => p.role === "liaison" && p.unit === unit);
        if (liaison && typeof field.name === "string") form[field.name] = liaison.openId;
      }
      const submit = findNode(mapping.card, (n) => n.tag === "button" && n.form_action_type === "submit");
      const value = (submit?.behaviors as Array<{ value?: unknown }> | undefined)?.[0]?.value;
      if (Object.keys(form).length === 0 || !value || typeof value !== "object") break;
      const answer = await click(OFFICE.openId, mapping.messageId, value as Record<string, unknown>, form);
      if (answer.toast?.type !== "success") break;
    }
    // The set-up chatter is not part of the story: the newcomer's chat starts after it.
    shownFrom = state.messageList.length;
    await say(OFFICE.openId, "/round open monthly 2022-06", "group");
  }

  function clearMessages(): void {
    shownFrom = 0;
    state.messages.clear();
    state.messageList.length = 0;
    state.files.clear();
    state.byUuid.clear();
    state.cardTokens.clear();
  }

  return { seedStandIn, seedWorld, clearMessages, say, click, person, shownFrom: () => shownFrom };
}

export type Session = ReturnType<typeof createSession>;
export type { FakeMessage };

type Node = Record<string, unknown>;

/** Every object in a card's JSON for which `match` holds (depth first). */
function findAll(json: unknown, match: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (Array.isArray(json)) for (const x of json) findAll(x, match, out);
  else if (json && typeof json === "object") {
    const node = json as Node;
    if (match(node)) out.push(node);
    for (const v of Object.values(node)) findAll(v, match, out);
  }
  return out;
}

/** The first object in a card's JSON for which `match` holds (depth first). */
function findNode(json: unknown, match: (n: Node) => boolean): Node | undefined {
  if (Array.isArray(json)) {
    for (const x of json) {
      const hit = findNode(x, match);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!json || typeof json !== "object") return undefined;
  const node = json as Node;
  if (match(node)) return node;
  return findNode(Object.values(node), match);
}
