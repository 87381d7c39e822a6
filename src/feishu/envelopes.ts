import * as z from "zod";

/**
 * Feishu's envelopes and the events duban subscribes to, as zod schemas (shapes from the Open Platform docs and
 * @larksuiteoapi/node-sdk's typings). Unknown fields are dropped; only what duban reads is required.
 */

export const headerSchema = z.object({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  token: z.string().optional(),
  create_time: z.string().optional(),
  app_id: z.string().optional(),
  tenant_key: z.string().optional(),
});

/** Schema 2.0: events and card.action.trigger callbacks alike. */
export const envelopeSchema = z.object({
  schema: z.literal("2.0"),
  header: headerSchema,
  event: z.record(z.string(), z.unknown()).default({}),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** Schema 1.0 events (no `schema` field): recognized only to be acknowledged and logged. */
export const legacyEventSchema = z.object({ uuid: z.string(), type: z.literal("event_callback") });

const userIds = z.object({
  open_id: z.string().optional(),
  union_id: z.string().optional(),
  user_id: z.string().optional(),
});

export const mentionSchema = z.object({
  key: z.string().min(1),
  id: userIds.default({}),
  name: z.string().default(""),
});

export const messageReceiveSchema = z.object({
  sender: z.object({
    sender_id: userIds.default({}),
    sender_type: z.string().default("user"),
  }),
  message: z.object({
    message_id: z.string().min(1),
    /** The message this one replies to ("" or absent when it is not a reply). */
    parent_id: z.string().max(200).optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string().default(""),
    mentions: z.array(mentionSchema).default([]),
  }),
});

export const chatEventSchema = z.object({
  chat_id: z.string().min(1),
  operator_id: userIds.optional(),
  name: z.string().optional(),
});

export const chatUsersEventSchema = chatEventSchema.extend({
  users: z.array(z.object({ name: z.string().default(""), user_id: userIds.default({}) })).default([]),
});

export const cardActionSchema = z.object({
  operator: z.object({ open_id: z.string().min(1), name: z.string().optional() }),
  token: z.string().optional(),
  action: z.object({
    value: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    tag: z.string().optional(),
    name: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
    option: z.string().optional(),
    timezone: z.string().optional(),
  }),
  context: z
    .object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() })
    .default({}),
  /** Older callbacks put these at the top level. */
  open_message_id: z.string().optional(),
  open_chat_id: z.string().optional(),
});

/** The text content of a text message. */
export const textContentSchema = z.object({ text: z.string() });

/** A received file message's content: {"file_key": "file_v3_…", "file_name": "方案.docx"}. */
export const fileContentSchema = z.object({
  file_key: z.string().min(1).max(256),
  file_name: z.string().max(512).default(""),
});

/** A received image message's content: {"image_key": "img_v3_…"} (a photo has no file name). */
export const imageContentSchema = z.object({ image_key: z.string().min(1).max(256) });

/** A rich-text (post) element; text-like elements are read, the rest dropped. */
const postElement = z
  .object({
    tag: z.string(),
    text: z.string().optional(),
    user_id: z.string().optional(),
    user_name: z.string().optional(),
  })
  .loose();
/** Received posts are {title, content}; sent ones may be wrapped in a locale ({zh_cn: {title, content}}). */
export const postBodySchema = z.object({
  title: z.string().optional(),
  content: z.array(z.array(postElement)),
});
