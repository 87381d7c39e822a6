#!/usr/bin/env node
// The duban CLI. TypeScript sources run through tsx, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/entry/cli.ts");
await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`duban: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
