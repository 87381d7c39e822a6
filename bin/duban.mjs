#!/usr/bin/env node
// The duban CLI: plain JavaScript compiled at install (`npm install` runs `prepare` → scripts/build.mjs).
import { existsSync } from "node:fs";

const entry = new URL("../dist/duban.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("duban: dist/ is missing; run `npm run build` (npm install does it)\n");
  process.exit(1);
}
await import(entry.href);
