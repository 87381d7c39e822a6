import type { Messenger, Person } from "../../src/kernel/messenger";

/**
 * The Feishu reads the member features use (listChatMembers, getUser), over an in-memory directory. Like Feishu,
 * it never lists bots. Counts calls so tests can see when the bot refreshed a stale list.
 */
export function createFakeDirectory(): Pick<Messenger, "listChatMembers" | "getUser"> & {
  setChat(chatId: string, people: Person[]): void;
  add(chatId: string, ...people: Person[]): void;
  remove(chatId: string, ...openIds: string[]): void;
  calls: { listChatMembers: number };
  failing: boolean;
} {
  const chats = new Map<string, Person[]>();
  const directory = {
    calls: { listChatMembers: 0 },
    failing: false,
    setChat(chatId: string, people: Person[]) {
      chats.set(chatId, [...people]);
    },
    add(chatId: string, ...people: Person[]) {
      chats.set(chatId, [...(chats.get(chatId) ?? []), ...people]);
    },
    remove(chatId: string, ...openIds: string[]) {
      chats.set(
        chatId,
        (chats.get(chatId) ?? []).filter((p) => !openIds.includes(p.openId)),
      );
    },
    async listChatMembers(chatId: string) {
      directory.calls.listChatMembers++;
      if (directory.failing) throw new Error("fake Feishu: 500");
      return [...(chats.get(chatId) ?? [])];
    },
    async getUser(openId: string) {
      for (const people of chats.values()) {
        const p = people.find((x) => x.openId === openId);
        if (p) return p;
      }
      return undefined;
    },
  };
  return directory;
}
