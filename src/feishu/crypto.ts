/**
 * The two primitives the Feishu edge needs. WebCrypto by default (runs on Workers); the Node entry injects
 * node:crypto (src/entry/node-crypto.ts), which costs ≈10× less CPU per call there than Node's WebCrypto jobs.
 */
export interface FeishuCrypto {
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** AES-256-CBC decryption with the PKCS7 padding removed; throws on a wrong key or bad padding. */
  aes256CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /**
   * Optional fast paths, both on every webhook request: hex SHA-256 of the parts hashed one after another (no
   * copy of the body into one buffer, no hex loop), and base64 decoding without atob's string round trip; the
   * latter may answer undefined for input it is not sure of, and the strict path then decides.
   */
  sha256Hex?(parts: ReadonlyArray<string | Uint8Array>): string;
  base64?(b64: string): Uint8Array | undefined;
}

const importedKeys = new Map<string, Promise<CryptoKey>>();

export const webCrypto: FeishuCrypto = {
  async sha256(data) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  },
  async aes256CbcDecrypt(key, iv, data) {
    const id = toHex(key);
    let imported = importedKeys.get(id);
    if (!imported) {
      imported = crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, { name: "AES-CBC" }, false, [
        "decrypt",
      ]);
      importedKeys.set(id, imported);
    }
    const plain = await crypto.subtle.decrypt(
      { name: "AES-CBC", iv: iv as Uint8Array<ArrayBuffer> },
      await imported,
      data as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(plain);
  },
};

export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}
