import { MessengerError, type Person } from "../kernel/messenger";
import { type Api, type Call, seg } from "./call";
import { USER_NOT_FOUND } from "./errors";

/** People through the Open API: a chat's members (im/v1/chats/:chat_id/members) and one user's name (contact/v3). */
export function createPeopleReads(call: Call, api: Api) {
  async function listChatMembers(chatId: string): Promise<Person[]> {
    const people: Person[] = [];
    const seenTokens = new Set<string>();
    let pageToken: string | undefined;
    for (;;) {
      const params = { member_id_type: "open_id" as const, page_size: 100, page_token: pageToken };
      const res = await call("list chat members", (token) =>
        api<{
          data?: {
            items?: { member_id?: string; name?: string }[];
            page_token?: string;
            has_more?: boolean;
          };
        }>(token, "GET", `/open-apis/im/v1/chats/${seg(chatId)}/members`, { params }),
      );
      for (const item of res?.data?.items ?? []) {
        if (item.member_id) people.push({ openId: item.member_id, name: item.name ?? "" });
      }
      const next = res?.data?.page_token;
      if (!res?.data?.has_more || !next || seenTokens.has(next)) return people;
      seenTokens.add(next);
      pageToken = next;
    }
  }

  async function getUser(openId: string): Promise<Person | undefined> {
    try {
      const res = await call("get user", (token) =>
        api<{ data?: { user?: { open_id?: string; name?: string } } }>(
          token,
          "GET",
          `/open-apis/contact/v3/users/${seg(openId)}`,
          { params: { user_id_type: "open_id" } },
        ),
      );
      const user = res?.data?.user;
      return user ? { openId: user.open_id ?? openId, name: user.name ?? "" } : undefined;
    } catch (err) {
      if (
        err instanceof MessengerError &&
        err.detail.code !== undefined &&
        USER_NOT_FOUND.has(err.detail.code)
      )
        return undefined;
      throw err;
    }
  }

  return { listChatMembers, getUser };
}
