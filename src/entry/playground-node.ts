import { sql } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { cardTemplates } from "../feishu/card-templates";
import type { AttachInput, Playground } from "../playground";

/** The config the bot runs with in the playground: the generated app, whose Open Platform is the stand-in. */
export function playgroundConfig(config: Config, pg: Playground): Config {
  const id = pg.identity;
  return {
    ...config,
    feishu: {
      ...config.feishu,
      appId: id.appId,
      appSecret: id.appSecret,
      verificationToken: id.verificationToken,
      encryptKey: id.encryptKey,
      domain: pg.standIn.url,
      mode: "webhook",
    },
    admins: [...config.admins, pg.officeOpenId],
  };
}

/** What the playground needs of the database and the card templates, from the adapters that own them. */
export function playgroundStorage(database: Database): Pick<AttachInput, "isSeeded" | "wipe" | "templates"> {
  return {
    templates: cardTemplates,
    async isSeeded(chatId) {
      return (await database.query(sql`select chat_id from chats where chat_id = ${chatId}`)).length > 0;
    },
    // The reset: every table of the app's schema emptied; the migrations' bookkeeping lives elsewhere and stays.
    async wipe() {
      const rows = await database.query<{ name: string }>(
        sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      );
      const names = rows.map((r) => `"${r.name.replace(/"/g, '""')}"`);
      if (names.length > 0)
        await database.query(sql.raw(`truncate table ${names.join(", ")} restart identity cascade`));
    },
  };
}
