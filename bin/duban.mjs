#!/usr/bin/env -S node --v8-pool-size=1
// One V8 worker thread instead of four (the same flag as `npm start`): each thread's malloc arena kept what
// compiling PGlite's WebAssembly and the first collections had used, ≈35 MB of an idle service's memory.
// The duban CLI: plain JavaScript compiled at install (`npm install` runs `prepare` → scripts/build.mjs).
import { existsSync } from "node:fs";

const entry = new URL("../dist/duban.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("duban: dist/ is missing; run `npm run build` (npm install does it)\n");
  process.exit(1);
}
await import(entry.href);
