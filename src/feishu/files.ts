import { fileNameLiteral } from "../domain/escape/filename";
import { MessengerError } from "../kernel/messenger";
import { type Api, type Call, seg } from "./call";
import { FeishuApiError } from "./errors";

/** Files through the Open API: uploading one to send (im/v1/files) and downloading one a message carries (its resources). */

export type FileType = "opus" | "mp4" | "pdf" | "doc" | "xls" | "ppt" | "stream";

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function createFileTransfer(
  call: Call,
  api: Api,
  base: string,
  opts: { fetch?: typeof fetch; timeoutMs?: number },
) {
  async function uploadFile(fileName: string, fileType: FileType, bytes: Uint8Array): Promise<string> {
    const answer = await call("upload file", (token) =>
      api<{ data?: { file_key?: string } }>(token, "POST", "/open-apis/im/v1/files", {
        data: { file_type: fileType, file_name: fileNameLiteral(fileName), file: bytes },
        multipart: true,
      }),
    );
    const res = answer?.data;
    if (!res?.file_key) throw new MessengerError("transient", "upload file: answer without file_key");
    return res.file_key;
  }

  /** Raw bytes: the JSON transport (http.ts) reads answers as text, which would mangle a binary file. */
  async function downloadFile(
    messageId: string,
    fileKey: string,
    maxBytes: number,
    type: "file" | "image" = "file",
  ): Promise<Uint8Array> {
    return call("download file", async (token) => {
      const kind = type === "image" ? "image" : "file";
      const url = `${base}/open-apis/im/v1/messages/${seg(messageId)}/resources/${seg(fileKey)}?type=${kind}`;
      const res = await (opts.fetch ?? fetch)(url, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
      });
      if (!res.ok || (res.headers.get("content-type") ?? "").includes("application/json")) {
        // Errors come as JSON with Feishu's code; let the shared transport's rules classify them.
        const text = await res.text();
        let code: number | undefined;
        try {
          const json = JSON.parse(text) as { code?: unknown };
          code = typeof json.code === "number" ? json.code : undefined;
        } catch {
          code = undefined;
        }
        throw new FeishuApiError(code !== undefined ? "api" : "http", text.slice(0, 200), {
          status: res.status,
          code,
          url,
        });
      }
      return readCapped(res, maxBytes);
    });
  }

  return { uploadFile, downloadFile };
}

/** The body, refused once it passes maxBytes (by Content-Length up front, or while streaming). */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const tooBig = () =>
    new MessengerError("permanent", `download file: larger than ${maxBytes} bytes`, { status: 413 });
  const declared = Number(res.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooBig();
  }
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
