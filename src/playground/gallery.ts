/**
 * Every card template with sample data, for the gallery page: each `$if` shows its `$then` branch, each `$each`
 * repeats its body twice, and each placeholder gets a plausible value, so every component a template can show
 * is on the page.
 */
export function galleryCards(cardTemplates: Record<string, unknown>): Array<{ name: string; card: unknown }> {
  return Object.entries(cardTemplates).map(([name, template]) => ({ name, card: fill(template) }));
}

const COLORS = new Set(["color", "template", "headerColor"]);

function sampleFor(path: string, raw: boolean): unknown {
  const key = path.split(".").pop() ?? path;
  if (raw) {
    if (/values$/i.test(key)) return [];
    if (/max$/i.test(key)) return 500;
    if (/value$/i.test(key)) return { action: "gallery" };
    return "示例";
  }
  if (COLORS.has(key)) return "blue";
  if (key === "type") return "primary";
  if (key === "status" || key === "value") return "";
  return `示例${key}`;
}

function fill(node: unknown): unknown {
  if (typeof node === "string") {
    const whole = /^\{\{=\s*([\w.]+)\s*\}\}$/.exec(node);
    if (whole?.[1]) return sampleFor(whole[1], true);
    return node.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, p: string) => String(sampleFor(p, false)));
  }
  if (Array.isArray(node)) return node.flatMap(expand);
  if (node && typeof node === "object")
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
  return node;
}

/** One array item: `$if`/`$each` blocks become the elements they stand for. */
function expand(item: unknown): unknown[] {
  if (item && typeof item === "object" && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    if (typeof o.$if === "string") return o.$then === undefined ? [] : [fill(o.$then)].flat();
    if (typeof o.$each === "string") return [fill(o.$do), fill(o.$do)].flat();
  }
  return [fill(item)];
}
