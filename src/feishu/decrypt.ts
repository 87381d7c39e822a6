import { type FeishuCrypto, webCrypto } from "./crypto";

/**
 * Feishu's event encryption (docs/feishu.md): key = SHA-256(Encrypt Key); `encrypt` is base64 of
 * IV (16 bytes) ‖ AES-256-CBC ciphertext, PKCS7-padded.
 */

export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptError";
  }
}

export function base64ToBytes(b64: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    throw new DecryptError("encrypt is not base64");
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const derivedKeys = new WeakMap<FeishuCrypto, Map<string, Promise<Uint8Array>>>();

function aesKey(c: FeishuCrypto, encryptKey: string): Promise<Uint8Array> {
  let byKey = derivedKeys.get(c);
  if (!byKey) {
    byKey = new Map();
    derivedKeys.set(c, byKey);
  }
  let key = byKey.get(encryptKey);
  if (!key) {
    key = Promise.resolve(c.sha256(new TextEncoder().encode(encryptKey)));
    byKey.set(encryptKey, key);
  }
  return key;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decrypts Feishu's `encrypt` field into the plaintext (UTF-8) it carries. Throws DecryptError. */
export async function decryptEvent(
  encryptKey: string,
  encrypt: string,
  c: FeishuCrypto = webCrypto,
): Promise<string> {
  const bytes = c.base64?.(encrypt) ?? base64ToBytes(encrypt);
  // One IV block and at least one ciphertext block, whole blocks only.
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new DecryptError("encrypt has a wrong length");
  let plain: Uint8Array;
  try {
    plain = await c.aes256CbcDecrypt(await aesKey(c, encryptKey), bytes.subarray(0, 16), bytes.subarray(16));
  } catch {
    throw new DecryptError("cannot decrypt (wrong Encrypt Key?)");
  }
  try {
    return utf8.decode(plain);
  } catch {
    throw new DecryptError("decrypted bytes are not UTF-8 (wrong Encrypt Key?)");
  }
}
