/** Timing helpers of the benchmarks that run the status room's reads (bench:status, bench:growth). */
import { performance } from "node:perf_hooks";
import { renderCard } from "../src/feishu/cards";
import type { Answer } from "../src/status/service";

/** The p-th percentile of unsorted samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Runs fn n times in a row; the wall time of each run, in ms. */
export async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** A command's answer must be a card, and it must render (the render is part of what is timed). */
export function must(a: Answer): void {
  if (!a.ok) throw new Error(a.text);
  renderCard(a.card);
}
