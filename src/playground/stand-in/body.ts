import * as z from "zod";

/** The Open API bodies the stand-in accepts: a JSON object, or a multipart form with at most one file. */
const jsonBody = z.record(z.string(), z.unknown());

/** Larger requests are refused before any parsing (Feishu caps file uploads at 30 MB). */
export const MAX_BODY_BYTES = 30 * 1024 * 1024;

/** Parses a request body as Feishu's Open API sends it: JSON, or multipart/form-data for file uploads. */
export async function parseBody(
  raw: Uint8Array,
  contentType: string,
): Promise<{ body: Record<string, unknown> | undefined; file?: Uint8Array }> {
  if (raw.length === 0) return { body: undefined };
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Request("http://stand-in/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(raw),
    }).formData();
    const body: Record<string, unknown> = {};
    let file: Uint8Array | undefined;
    for (const [k, v] of form.entries()) {
      if (typeof v === "string") body[k] = v;
      else {
        file = new Uint8Array(await v.arrayBuffer());
        body[k] = { fileName: v.name, size: file.length };
      }
    }
    return { body, file };
  }
  try {
    const parsed = jsonBody.safeParse(JSON.parse(new TextDecoder().decode(raw)));
    return { body: parsed.success ? parsed.data : undefined };
  } catch {
    return { body: undefined };
  }
}
