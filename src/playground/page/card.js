// Renders Feishu Card JSON 2.0 in the browser, close enough to judge a card's layout. Plain DOM, no framework.
// renderCard(card, ctx) → HTMLElement; ctx = { people: [{openId, name}], onAction(value, formValue, button) }.
// A component it does not know shows as a visible placeholder (class "unknown-component").
import { chart, table } from "./card-data.js";
import { el, md, textOf } from "./markdown.js";

const KNOWN = new Set([
  "markdown",
  "plain_text",
  "lark_md",
  "div",
  "column_set",
  "column",
  "hr",
  "button",
  "action",
  "form",
  "input",
  "select_static",
  "multi_select_static",
  "select_person",
  "multi_select_person",
  "date_picker",
  "picker_time",
  "picker_datetime",
  "checker",
  "collapsible_panel",
  "note",
  "table",
  "chart",
  "img",
  "text_tag",
  "interactive_container",
  "person",
  "person_list",
  "overflow",
]);

export function knownComponents() {
  return [...KNOWN];
}

function callbackValue(node) {
  const cb = (node.behaviors ?? []).find((b) => b.type === "callback");
  if (cb) return cb.value ?? {};
  if (node.value !== undefined && node.tag === "button") return node.value;
  return undefined;
}

function openUrl(node) {
  const b = (node.behaviors ?? []).find((x) => x.type === "open_url");
  return b?.default_url ?? node.url ?? node.multi_url?.url;
}

/** The values of a form's named fields, as Feishu puts them in the callback's form_value. */
function formValue(form) {
  const out = {};
  for (const f of form.querySelectorAll("[data-name]")) {
    const name = f.dataset.name;
    if (f.type === "checkbox") out[name] = f.checked;
    else if (f.multiple) out[name] = [...f.selectedOptions].map((o) => o.value);
    else if (f.value !== "") out[name] = f.value;
  }
  return out;
}

function missingRequired(form) {
  return [...form.querySelectorAll("[data-required='1']")].filter((f) =>
    f.multiple ? f.selectedOptions.length === 0 : f.value.trim() === "",
  );
}

function label(node, field) {
  const wrap = el("label", "field");
  const l = textOf(node.label);
  if (l) wrap.append(el("span", "field-label", l));
  wrap.append(field);
  return wrap;
}

function named(field, node) {
  if (node.name) field.dataset.name = node.name;
  if (node.required) field.dataset.required = "1";
  return field;
}

function button(node, ctx) {
  const b = el("button", `btn btn-${node.type ?? "default"} btn-${node.size ?? "medium"}`, textOf(node.text));
  b.type = "button";
  if (node.width === "fill") b.classList.add("fill");
  if (node.disabled) b.disabled = true;
  b.addEventListener("click", async () => {
    const url = openUrl(node);
    if (url) return void window.open(url, "_blank", "noopener");
    const form = b.closest("form");
    const submitting = node.form_action_type === "submit" && form;
    if (node.form_action_type === "reset" && form) return void form.reset();
    if (submitting) {
      const missing = missingRequired(form);
      for (const f of form.querySelectorAll(".invalid")) f.classList.remove("invalid");
      if (missing.length > 0) {
        for (const f of missing) f.classList.add("invalid");
        return;
      }
    }
    const go = () => ctx.onAction(callbackValue(node) ?? {}, submitting ? formValue(form) : undefined, b);
    if (node.confirm) return confirmBox(b, node.confirm, go);
    go();
  });
  return b;
}

/** Feishu asks before a button with `confirm` acts; an in-card box rather than a browser dialog. */
function confirmBox(anchor, confirm, go) {
  const box = el("div", "confirm");
  box.append(
    el("div", "confirm-title", textOf(confirm.title)),
    el("div", "confirm-text", textOf(confirm.text)),
  );
  const ok = el("button", "btn btn-primary", "确定");
  const no = el("button", "btn btn-default", "取消");
  ok.type = no.type = "button";
  ok.onclick = () => {
    box.remove();
    go();
  };
  no.onclick = () => box.remove();
  box.append(ok, no);
  anchor.after(box);
}

function select(node, ctx, multiple, persons) {
  const s = named(el("select", "select"), node);
  s.multiple = multiple;
  const ph = el("option", "", textOf(node.placeholder) || "请选择");
  ph.value = "";
  if (!multiple) s.append(ph);
  const selected = new Set([node.initial_option, ...(node.selected_values ?? [])].filter(Boolean));
  for (const o of node.options ?? []) {
    const name = persons ? (ctx.people.find((p) => p.openId === o.value)?.name ?? o.value) : textOf(o.text);
    const opt = el("option", "", name);
    opt.value = o.value;
    opt.selected = selected.has(o.value);
    s.append(opt);
  }
  return label(node, s);
}

function render(node, ctx) {
  if (!node || typeof node !== "object") return el("span");
  switch (node.tag) {
    case "markdown":
    case "lark_md": {
      const e = md(node.content ?? "", ctx, `md size-${node.text_size ?? "normal"}`);
      if (node.text_align) e.style.textAlign = node.text_align;
      return e;
    }
    case "plain_text":
      return el("div", `plain size-${node.text_size ?? "normal"}`, node.content ?? "");
    case "div": {
      const e = el("div", "div");
      if (node.text)
        e.append(node.text.tag === "lark_md" ? md(node.text.content, ctx) : el("div", "", textOf(node.text)));
      for (const f of node.fields ?? []) e.append(render(f.text ?? f, ctx));
      return e;
    }
    case "hr":
      return el("hr");
    case "column_set": {
      const e = el("div", `column-set bg-${node.background_style ?? "default"}`);
      e.style.gap =
        node.horizontal_spacing === "small" ? "4px" : node.horizontal_spacing === "large" ? "16px" : "8px";
      for (const c of node.columns ?? []) e.append(render({ ...c, tag: "column" }, ctx));
      return e;
    }
    case "column": {
      const e = el("div", `column v-${node.vertical_align ?? "top"}`);
      e.style.flex = node.width === "auto" ? "0 0 auto" : `${node.weight ?? 1} 1 0`;
      for (const c of node.elements ?? []) e.append(render(c, ctx));
      return e;
    }
    case "button":
      return button(node, ctx);
    case "action": {
      const e = el("div", "actions");
      for (const a of node.actions ?? []) e.append(render(a, ctx));
      return e;
    }
    case "form": {
      const f = el("form", "card-form");
      f.dataset.formName = node.name ?? "";
      f.addEventListener("submit", (ev) => ev.preventDefault());
      for (const c of node.elements ?? []) f.append(render(c, ctx));
      return f;
    }
    case "input": {
      const multi = node.input_type === "multiline_text";
      const i = named(el(multi ? "textarea" : "input", "input"), node);
      if (multi) i.rows = node.rows ?? 3;
      if (node.input_type === "password") i.type = "password";
      i.placeholder = textOf(node.placeholder);
      i.value = node.default_value ?? "";
      if (node.max_length) i.maxLength = Number(node.max_length);
      return label(node, i);
    }
    case "select_static":
      return select(node, ctx, false, false);
    case "multi_select_static":
      return select(node, ctx, true, false);
    case "select_person":
      return select(node, ctx, false, true);
    case "multi_select_person":
      return select(node, ctx, true, true);
    case "date_picker":
    case "picker_time":
    case "picker_datetime": {
      const i = named(el("input", "input"), node);
      i.type = node.tag === "date_picker" ? "date" : node.tag === "picker_time" ? "time" : "datetime-local";
      i.value = node.initial_date ?? node.initial_time ?? node.initial_datetime ?? "";
      return label(node, i);
    }
    case "checker": {
      const wrap = el("label", "checker");
      const c = named(el("input"), node);
      c.type = "checkbox";
      c.checked = Boolean(node.checked);
      const value = callbackValue(node);
      if (value !== undefined) c.addEventListener("change", () => ctx.onAction(value, undefined, c));
      wrap.append(c, el("span", "", textOf(node.text)));
      return wrap;
    }
    case "collapsible_panel": {
      const d = el("details", "panel");
      d.open = Boolean(node.expanded);
      d.append(el("summary", "", textOf(node.header?.title)));
      for (const c of node.elements ?? []) d.append(render(c, ctx));
      return d;
    }
    case "note": {
      const e = el("div", "note");
      for (const c of node.elements ?? []) e.append(render(c, ctx));
      return e;
    }
    case "table":
      return table(node, ctx);
    case "chart":
      return chart(node);
    case "img":
      return el("div", "img", textOf(node.alt) || "[图片]");
    case "text_tag":
      return el("span", `tag t-${node.color ?? "neutral"}`, textOf(node.text));
    case "person":
      return el(
        "span",
        "mention",
        `@${ctx.people.find((p) => p.openId === node.user_id)?.name ?? node.user_id}`,
      );
    case "person_list": {
      const e = el("div");
      for (const p of node.persons ?? []) e.append(render({ tag: "person", user_id: p.id }, ctx));
      return e;
    }
    case "interactive_container": {
      const e = el("div", "container");
      for (const c of node.elements ?? []) e.append(render(c, ctx));
      const value = callbackValue(node);
      if (value !== undefined) e.addEventListener("click", () => ctx.onAction(value, undefined, e));
      return e;
    }
    case "overflow": {
      const e = el("div", "actions");
      for (const o of node.options ?? [])
        e.append(
          button(
            { tag: "button", text: o.text, size: "small", behaviors: [{ type: "callback", value: o.value }] },
            ctx,
          ),
        );
      return e;
    }
    default: {
      const e = el("div", "unknown-component", `不支持的组件：${node.tag ?? "?"}`);
      e.dataset.tag = String(node.tag ?? "");
      return e;
    }
  }
}

export function renderCard(card, ctx) {
  const root = el("div", "card");
  if (!card || typeof card !== "object") return root;
  const h = card.header;
  if (h) {
    const head = el("div", `card-header tpl-${h.template ?? "default"}`);
    const title = el("div", "card-title", textOf(h.title));
    for (const t of h.text_tag_list ?? [])
      title.append(el("span", `tag t-${t.color ?? "neutral"}`, textOf(t.text)));
    head.append(title);
    if (textOf(h.subtitle)) head.append(el("div", "card-subtitle", textOf(h.subtitle)));
    root.append(head);
  }
  const body = el("div", "card-body");
  for (const node of card.body?.elements ?? card.elements ?? []) body.append(render(node, ctx));
  root.append(body);
  return root;
}
