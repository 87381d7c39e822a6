/**
 * Feishu's event encryption (DESIGN.md §4), with WebCrypto so it runs on Workers too:
 * key = SHA-256(Encrypt Key); `encrypt` is base64 of IV (16 bytes) ‖ AES-256-CBC ciphertext, PKCS7-padded.
 */

const keys = new Map<string, Promise<CryptoKey>>();

function aesKey(encryptKey: string): Promise<CryptoKey> {
  let key = keys.get(encryptKey);
  if (!key) {
    key = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(encryptKey))
      .then((digest) => crypto.subtle.importKey("raw", digest, { name: "AES-CBC" }, false, ["decrypt"]));
    keys.set(encryptKey, key);
  }
  return key;
}

export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptError";
  }
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
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

/** Decrypts Feishu's `encrypt` field into the plaintext (UTF-8) it carries. Throws DecryptError. */
export async function decryptEvent(encryptKey: string, encrypt: string): Promise<string> {
  const bytes = base64ToBytes(encrypt);
  // One IV block and at least one ciphertext block, whole blocks only.
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new DecryptError("encrypt has a wrong length");
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-CBC", iv: bytes.subarray(0, 16) },
      await aesKey(encryptKey),
      bytes.subarray(16),
    );
  } catch {
    throw new DecryptError("cannot decrypt (wrong Encrypt Key?)");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw new DecryptError("decrypted bytes are not UTF-8 (wrong Encrypt Key?)");
  }
}
