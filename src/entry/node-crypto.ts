import { createDecipheriv, createHash } from "node:crypto";
import type { FeishuCrypto } from "../feishu/crypto";

/** node:crypto for the Feishu edge on Node: synchronous, ≈10× less CPU per call than Node's WebCrypto. */
export const nodeCrypto: FeishuCrypto = {
  sha256: (data) => createHash("sha256").update(data).digest(),
  aes256CbcDecrypt(key, iv, data) {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  },
};
