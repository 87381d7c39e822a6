// Compiles the Node service and CLI once, at install (`prepare`): src/entry/main.ts → dist/duban.js plus chunks.
// Dependencies stay in node_modules (external) and the parts used only by some commands (the server, the tick,
// the plan importer, the long connection, xlsx export) are split into chunks loaded when first used.
// `node scripts/build.mjs <dir>` builds into another directory inside the package instead (tests that run the CLI
// as a process: a bundle starts faster than the source under tsx).
import { readFileSync, rmSync } from "node:fs";
import { relative, resolve } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
// chinese-days imports JSON without an import attribute (and dayjs, where present, imports files by path); Node's ESM
// resolver refuses both, so those two are bundled.
const inline = new Set(["dayjs", "chinese-days"]);
const deps = Object.keys(JSON.parse(readFileSync(`${root}package.json`, "utf8")).dependencies);
const external = deps.filter((d) => !inline.has(d)).flatMap((d) => [d, `${d}/*`]);
const outdir = relative(root, resolve(process.argv[2] ?? `${root}dist`));
rmSync(`${root}${outdir}`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { duban: "src/entry/main.ts" },
  outdir,
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
  `duban: built ${outdir}/ (${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KB)`,
);

// The migrated PGlite data directory a first start restores (scripts/pglite-template.mjs), in a process of its
// own: initdb's WebAssembly heap is never given back. Only for dist/, the service's own build.
if (outdir === "dist") {
  const { execFileSync } = await import("node:child_process");
  execFileSync(process.execPath, [`${root}scripts/pglite-template.mjs`], { stdio: "inherit" });
  console.log("duban: built the embedded database's migrated template in dist/");
}
