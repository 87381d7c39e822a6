// The card components that show data: tables and (a fallback drawing of) VChart charts.
import { el, md } from "./markdown.js";

export function table(node, ctx) {
  const t = el("table", "card-table");
  const cols = node.columns ?? [];
  const head = el("tr");
  for (const c of cols) head.append(el("th", "", c.display_name ?? c.name));
  t.append(head);
  for (const row of node.rows ?? []) {
    const tr = el("tr");
    for (const c of cols) {
      const td = el("td");
      const v = row[c.name];
      if (c.data_type === "lark_md" || c.data_type === "markdown") td.append(md(String(v ?? ""), ctx));
      else if (c.data_type === "options")
        for (const o of Array.isArray(v) ? v : [])
          td.append(el("span", `tag t-${o.color ?? "neutral"}`, o.text));
      else td.textContent = v == null ? "" : String(v);
      tr.append(td);
    }
    t.append(tr);
  }
  return t;
}

/** VChart specs are drawn as a plain bar chart of their first data set (a fallback, not VChart itself). */
export function chart(node) {
  const spec = node.chart_spec ?? {};
  const data = spec.data;
  const values = (Array.isArray(data) ? data[0]?.values : data?.values) ?? [];
  // A horizontal bar names its value on x and its category on y; grouped bars name several category fields.
  const horizontal = spec.direction === "horizontal";
  const cat = [(horizontal ? spec.yField : spec.xField) ?? spec.categoryField ?? "x"].flat();
  const y = (horizontal ? spec.xField : spec.yField) ?? spec.valueField ?? "y";
  const series = spec.seriesField && !cat.includes(spec.seriesField) ? [spec.seriesField] : [];
  const labelOf = (v) => [...cat, ...series].map((f) => String(v[f] ?? "")).join(" ");
  const box = el("div", "chart");
  if (spec.title?.text) box.append(el("div", "chart-title", spec.title.text));
  const max = Math.max(1, ...values.map((v) => Number(v[y]) || 0));
  for (const v of values) {
    const row = el("div", "chart-row");
    const bar = el("div", "chart-bar");
    bar.style.width = `${(100 * (Number(v[y]) || 0)) / max}%`;
    row.append(el("span", "chart-label", labelOf(v)), bar, el("span", "chart-value", String(v[y] ?? "")));
    box.append(row);
  }
  return box;
}
