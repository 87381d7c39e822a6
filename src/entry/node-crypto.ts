import { createDecipheriv, createHash } from "node:crypto";
import type { FeishuCrypto } from "../feishu/crypto";

/** node:crypto for the Feishu edge on Node: synchronous, ≈10× less CPU per call than Node's WebCrypto jobs. */
export const nodeCrypto: FeishuCrypto = {
  sha256: (data) => createHash("sha256").update(data).digest(),
  aes256CbcDecrypt(key, iv, data) {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  },
  sha256Hex(parts) {
    const hash = createHash("sha256");
    for (const part of parts) hash.update(part);
    return hash.digest("hex");
  },
  base64(b64) {
    // Buffer skips characters outside the alphabet instead of failing, so only an exact length is trusted.
    if (b64.length % 4 !== 0) return undefined;
    const bytes = Buffer.from(b64, "base64");
    const pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
    return bytes.length === (b64.length / 4) * 3 - pad ? bytes : undefined;
  },
};
