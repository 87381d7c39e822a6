import { main } from "./cli";

// The CLI's process entry: bundled into dist/duban.js at install (scripts/build.mjs) and run by bin/duban.mjs;
// tests run it from source under a TypeScript loader.
await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`duban: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
