/**
 * Plan import per format: each file read in a fresh Node process (so the lazily loaded reader's own
 * load time counts), reporting wall time for the first import, a warm re-import, and the process's peak
 * RSS. A plain-text import must not pay for the Word/PDF readers. One JSON line per figure.
 */
import { execFileSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const files = [
  "wuhan-2022-proposal-1.txt",
  "wuhan-2022-proposal-1.docx",
  "wuhan-2022-proposal-1.pdf",
  "wuhan-2022-task-table.docx",
];

const probe = `
const { readFileSync } = await import("node:fs");
const t0 = performance.now();
const { importPlanFile } = await import("./src/plans/formats/import-file.ts");
const bytes = new Uint8Array(readFileSync(process.argv[1]));
const t1 = performance.now();
const plan = await importPlanFile(bytes, process.argv[1]);
const t2 = performance.now();
await importPlanFile(bytes, process.argv[1]);
const t3 = performance.now();
console.log(JSON.stringify({ first: t2 - t1, warm: t3 - t2, loadImporter: t1 - t0, rssMb: process.resourceUsage().maxRSS / 1024, tasks: plan.sections.reduce((n, s) => n + s.tasks.length, 0) }));
`;

for (const f of files) {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", probe, `test/fixtures/plans/${f}`],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  const r = JSON.parse(out.trim().split("\n").pop() ?? "{}") as Record<string, number>;
  const emit = (metric: string, value: number, unit: string) =>
    console.log(
      JSON.stringify({
        bench: "plan-import",
        metric: `${f}:${metric}`,
        value: Math.round(value * 10) / 10,
        unit,
      }),
    );
  emit("first_import", r.first ?? Number.NaN, "ms");
  emit("warm_import", r.warm ?? Number.NaN, "ms");
  emit("peak_rss", r.rssMb ?? Number.NaN, "MB");
  emit("tasks", r.tasks ?? Number.NaN, "count");
}
