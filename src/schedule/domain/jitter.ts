import { zoneOffsetMs } from "../../domain/time";

/** FNV-1a (32 bit): a stable hash of a key, the same on every instance and every run. */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * `base` plus a deterministic delay of minMinutes..maxMinutes (and some seconds) derived from `key`, never
 * landing on minute :00 of the local hour. The same key always gets the same instant, so every instance
 * plans the same send time and thousands of nudges spread over several minutes instead of one.
 */
export function jittered(
  base: Date,
  key: string,
  jitter: { minMinutes: number; maxMinutes: number },
  tz: string,
): Date {
  const h = hash32(key);
  const span = jitter.maxMinutes - jitter.minMinutes + 1;
  const minutes = jitter.minMinutes + (h % span);
  const seconds = (h >>> 8) % 60;
  let t = base.getTime() + minutes * 60_000 + seconds * 1000;
  const localMinute = Math.floor((t + zoneOffsetMs(tz, t)) / 60_000) % 60;
  if (localMinute === 0) t += 60_000;
  return new Date(t);
}
