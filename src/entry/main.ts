import { DataDirInUse } from "../db/dir-lock";
import { main } from "./cli";

// The CLI's process entry: bundled into dist/duban.js at install (scripts/build.mjs) and run by bin/duban.mjs;
// tests run it from source under a TypeScript loader.
await main(process.argv.slice(2)).catch((err) => {
  // A refusal the operator acts on is its sentence; anything else keeps its stack for whoever debugs it.
  const said =
    err instanceof DataDirInUse ? err.message : err instanceof Error ? (err.stack ?? err.message) : err;
  process.stderr.write(`duban: ${String(said)}\n`);
  process.exit(1);
});
