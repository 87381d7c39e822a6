/**
 * The long connection's frame, as the SDK's protobuf schema (pbbp2.Frame) defines it, encoded by hand so the fake
 * endpoint does not share code with the SDK it tests:
 *   1 SeqID uint64 · 2 LogID uint64 · 3 service int32 · 4 method int32 (0 control, 1 data)
 *   5 headers repeated {1 key string, 2 value string} · 6 payloadEncoding · 7 payloadType · 8 payload bytes · 9 LogIDNew
 */
export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: Array<{ key: string; value: string }>;
  payload?: Uint8Array;
}

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export function encodeFrame(f: Frame): Uint8Array {
  const out: number[] = [];
  const varint = (n: number) => {
    let v = BigInt(n);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      out.push(byte);
    } while (v > 0n);
  };
  const bytes = (field: number, b: Uint8Array) => {
    varint((field << 3) | 2);
    varint(b.length);
    for (const x of b) out.push(x);
  };
  const text = (s: string) => new TextEncoder().encode(s);
  varint(1 << 3);
  varint(f.SeqID);
  varint(2 << 3);
  varint(f.LogID);
  varint(3 << 3);
  varint(f.service);
  varint(4 << 3);
  varint(f.method);
  for (const h of f.headers) {
    const inner: number[] = [];
    const k = text(h.key);
    const v = text(h.value);
    inner.push(10, ...lengthOf(k.length), ...k, 18, ...lengthOf(v.length), ...v);
    bytes(5, Uint8Array.from(inner));
  }
  if (f.payload) bytes(8, f.payload);
  return Uint8Array.from(out);
}

function lengthOf(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

export function decodeFrame(buf: Uint8Array): Frame {
  const frame: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  const r = reader(buf);
  while (!r.done()) {
    const tag = r.varint();
    const field = tag >> 3;
    const wire = tag & 7;
    if (wire === 0) {
      const v = r.varint();
      if (field === 1) frame.SeqID = v;
      else if (field === 2) frame.LogID = v;
      else if (field === 3) frame.service = v;
      else if (field === 4) frame.method = v;
    } else if (wire === 2) {
      const b = r.bytes(r.varint());
      if (field === 5) frame.headers.push(decodeHeader(b));
      else if (field === 8) frame.payload = b;
    } else if (wire === 1) r.bytes(8);
    else if (wire === 5) r.bytes(4);
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return frame;
}

function decodeHeader(buf: Uint8Array): { key: string; value: string } {
  const h = { key: "", value: "" };
  const r = reader(buf);
  while (!r.done()) {
    const tag = r.varint();
    const s = new TextDecoder().decode(r.bytes(r.varint()));
    if (tag >> 3 === 1) h.key = s;
    else if (tag >> 3 === 2) h.value = s;
  }
  return h;
}

function reader(buf: Uint8Array) {
  let pos = 0;
  return {
    done: () => pos >= buf.length,
    varint(): number {
      let result = 0n;
      let shift = 0n;
      for (;;) {
        const byte = buf[pos++];
        if (byte === undefined) throw new Error("truncated varint");
        result |= BigInt(byte & 0x7f) << shift;
        if ((byte & 0x80) === 0) break;
        shift += 7n;
      }
      return Number(result);
    },
    bytes(n: number): Uint8Array {
      const b = buf.subarray(pos, pos + n);
      pos += n;
      return b;
    },
  };
}

export function header(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
