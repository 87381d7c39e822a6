// Feishu card markdown (its subset, with mentions, colours and tags) as safe HTML.

export const esc = (s) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export const textOf = (t) => (t == null ? "" : typeof t === "string" ? t : (t.content ?? ""));

/** Feishu's markdown subset → safe HTML: escape first, then re-admit the few tags Feishu knows. */
export function markdownHtml(src, people = []) {
  const nameOf = (id) => (id === "all" ? "所有人" : (people.find((p) => p.openId === id)?.name ?? id));
  let s = esc(src);
  s = s.replace(
    /&lt;at (?:id|user_id|open_id)=(?:&quot;|&#39;)?([\w-]+)(?:&quot;|&#39;)?&gt;&lt;\/at&gt;/g,
    (_m, id) => `<span class="mention">@${esc(nameOf(id))}</span>`,
  );
  s = s.replace(
    /&lt;font color=(?:&quot;|&#39;)?([\w-]+)(?:&quot;|&#39;)?&gt;([\s\S]*?)&lt;\/font&gt;/g,
    (_m, c, t) => `<span class="c-${c}">${t}</span>`,
  );
  s = s.replace(
    /&lt;text_tag color=(?:&quot;|&#39;)?([\w-]+)(?:&quot;|&#39;)?&gt;([\s\S]*?)&lt;\/text_tag&gt;/g,
    (_m, c, t) => `<span class="tag t-${c}">${t}</span>`,
  );
  s = s.replace(/&lt;br\s*\/?&gt;/g, "<br>");
  s = s.replace(/`([^`]+)`/g, "<code>$1</code>");
  s = s.replace(/\*\*([\s\S]+?)\*\*/g, "<b>$1</b>");
  s = s.replace(/~~([\s\S]+?)~~/g, "<s>$1</s>");
  s = s.replace(/(^|[^*])\*([^*\n]+)\*/g, "$1<i>$2</i>");
  s = s.replace(
    /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g,
    '<a href="$2" target="_blank" rel="noopener">$1</a>',
  );
  const html = s
    .split("\n")
    .map((line) => {
      const h = /^(#{1,4}) (.*)$/.exec(line);
      if (h) return `<div class="md-h${h[1].length}">${h[2]}</div>`;
      const li = /^(\s*)([-*]|\d+\.) (.*)$/.exec(line);
      if (li)
        return `<div class="md-li" style="padding-left:${1 + li[1].length / 2}em">${li[2].length > 1 ? li[2] : "•"} ${li[3]}</div>`;
      if (/^-{3,}$/.test(line.trim())) return "<hr>";
      return `<div>${line || "&nbsp;"}</div>`;
    })
    .join("");
  // Feishu's own escapes (&#46; &lt; …) stood for literal characters: let the browser show them as such.
  return html.replace(/&amp;(#\d+|lt|gt|amp|quot|nbsp);/g, "&$1;");
}

export function md(content, ctx, cls = "md") {
  const e = el("div", cls);
  e.innerHTML = markdownHtml(content, ctx.people);
  return e;
}
