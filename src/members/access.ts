import type { Grant } from "../domain/permissions";

export interface ChatBinding {
  chatId: string;
  planId: string | null;
  isOffice: boolean;
  chatType: "group" | "p2p";
}

/** Who is where and may do what: the reads every command and card action starts with. */
export interface AccessStore {
  /** The chat as stored (bound plan, office flag), if the bot knows it. */
  chat(chatId: string): Promise<ChatBinding | undefined>;
  /** All loaded plans, oldest first, with when the office closed them (/plan close). */
  planIds(): Promise<Array<{ id: string; archivedAt: Date | null }>>;
  /** Plans in which this person holds any grant (for p2p chats). */
  plansOf(openId: string): Promise<string[]>;
  /** The person's grants in a plan (DUBAN_ADMINS are added by the router, not stored). */
  grants(planId: string, openId: string): Promise<Grant[]>;
  /** Binds a chat to a plan (creating the chat row if needed). */
  bindChat(chatId: string, planId: string, chatType: "group" | "p2p"): Promise<void>;
}
