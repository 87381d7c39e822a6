// Compiles the Node service and CLI once, at install (`prepare`): src/entry/main.ts → dist/duban.js plus chunks.
// Dependencies stay in node_modules (external) and the parts used only by some commands (the server, the tick,
// the plan importer, the long connection, xlsx export) are split into chunks loaded when first used.
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
// chinese-days imports JSON without an import attribute (and dayjs, where present, imports files by path); Node's ESM
// resolver refuses both, so those two are bundled.
const inline = new Set(["dayjs", "chinese-days"]);
const deps = Object.keys(JSON.parse(readFileSync(`${root}package.json`, "utf8")).dependencies);
const external = deps.filter((d) => !inline.has(d)).flatMap((d) => [d, `${d}/*`]);
rmSync(`${root}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { duban: "src/entry/main.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(
  `duban: built dist/ (${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KB)`,
);
