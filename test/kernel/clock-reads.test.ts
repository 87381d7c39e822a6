import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

/**
 * One clock: outside the clock module and the entries, src reads the time only through an injected Clock (or
 * `elapsed` for real durations), so that `duban tick --at`, the playground's clock and a test's business time
 * behave as the live service does at that moment.
 */
const root = join(import.meta.dirname, "../../src");
const allowed = new Set(["kernel/clock.ts"]);
const allowedDirs = ["entry/"];

/** Reads of the system clock: Date.now, new Date() without an argument, Date(), performance.now, dayjs(). */
const READS: Array<[string, RegExp]> = [
  ["Date.now", /\bDate\.now\b/],
  ["new Date()", /\bnew Date\(\s*\)/],
  ["Date()", /(?<!new\s+|[\w.])Date\(\s*\)/],
  ["performance.now", /\bperformance\.now\b/],
  ["dayjs()", /\bdayjs\(\s*\)/],
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Code only: comments and string literals may mention Date.now. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
}

it("src reads the system clock only in the clock module and the entries", () => {
  const found: string[] = [];
  for (const file of files(root)) {
    const rel = relative(root, file).split("\\").join("/");
    if (allowed.has(rel) || allowedDirs.some((d) => rel.startsWith(d))) continue;
    const lines = code(readFileSync(file, "utf8")).split("\n");
    lines.forEach((line, i) => {
      for (const [what, re] of READS) if (re.test(line)) found.push(`src/${rel}:${i + 1} ${what}`);
    });
  }
  expect(found).toEqual([]);
});

it("the check sees a raw read", () => {
  const sample = code(
    'const a = Date.now();\n// Date.now() in a comment\nconst b = "new Date()";\nnew Date( );\nDate();\nnew Date(now.getTime());',
  );
  const hits = READS.filter(([, re]) => sample.split("\n").some((l) => re.test(l))).map(([w]) => w);
  expect(hits).toEqual(["Date.now", "new Date()", "Date()"]);
});
