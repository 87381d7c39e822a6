/**
 * The node flags `npm start` runs the service with (package.json's start script, before bin/duban.mjs), so that
 * a benchmark starting the service or its server runs it as an office does.
 */
import { readFileSync } from "node:fs";

export function serviceNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    scripts: { start: string };
  };
  const words = pkg.scripts.start.split(/\s+/);
  const entry = words.indexOf("bin/duban.mjs");
  if (words[0] !== "node" || entry < 0) throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return words.slice(1, entry);
}
