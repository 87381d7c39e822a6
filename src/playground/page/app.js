// The playground page: a Feishu-like group chat whose every message and click goes to the real bot.
import { renderCard } from "./card.js";

const $ = (id) => document.getElementById(id);
const view = {
  as: localStorage.getItem("pg.as") ?? "",
  tab: "group",
  people: [],
  shown: new Map(),
  lastKey: "",
};

async function api(path, body) {
  const res = await fetch(
    `/playground/api/${path}`,
    body === undefined
      ? {}
      : {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        },
  );
  return res.json();
}

function toast(text, type = "info") {
  const t = $("toast");
  t.textContent = text;
  t.className = `toast ${type}`;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 3000);
}

const fmt = (iso) =>
  new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "full",
    timeStyle: "short",
  }).format(new Date(iso));

function renderPeople(people) {
  if (view.people.length > 0) return;
  view.people = people;
  const sel = $("person");
  const groups = [
    ["office", "督查室"],
    ["leader", "领导"],
    ["liaison", "单位联络员"],
  ];
  for (const [role, title] of groups) {
    const g = document.createElement("optgroup");
    g.label = title;
    for (const p of people.filter((x) => x.role === role)) {
      const o = document.createElement("option");
      o.value = p.openId;
      o.textContent = `${p.unit} — ${p.name}`;
      g.append(o);
    }
    sel.append(g);
  }
  if (!people.some((p) => p.openId === view.as)) view.as = people[0]?.openId ?? "";
  sel.value = view.as;
}

function messageEl(m) {
  const me = view.people.find((p) => p.openId === view.as);
  const mine = !m.fromBot && me && m.from === me.name;
  const row = document.createElement("div");
  row.className = `msg${m.fromBot ? " bot" : ""}${mine ? " mine" : ""}`;
  row.dataset.id = m.id;
  const avatar = document.createElement("div");
  avatar.className = "avatar";
  avatar.textContent = m.from.slice(-2);
  const col = document.createElement("div");
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = `${m.from} · ${new Date(m.time).toLocaleTimeString("zh-CN")}`;
  col.append(meta);
  if (m.urgent) {
    const u = document.createElement("div");
    u.className = "urgent";
    u.textContent = "加急提醒";
    col.append(u);
  }
  if (m.kind === "card") {
    col.append(
      renderCard(m.card, {
        people: view.people,
        onAction: (value, formValue, btn) => click(m.id, value, formValue, btn),
      }),
    );
  } else if (m.file) {
    const b = document.createElement("div");
    b.className = "bubble file";
    const a = document.createElement("a");
    a.href = `/playground/api/files/${encodeURIComponent(m.file.key)}`;
    a.textContent = `📎 ${m.file.name}`;
    a.download = m.file.name;
    b.append(a);
    col.append(b);
  } else {
    const b = document.createElement("div");
    b.className = "bubble";
    b.textContent = m.text ?? `[${m.kind}]`;
    col.append(b);
  }
  row.append(avatar, col);
  return row;
}

/** Replaces only the messages that changed, so what a person is typing into a card's form survives a refresh. */
function renderChat(messages) {
  const chat = $("chat");
  const key = `${view.as}|${view.tab}`;
  if (key !== view.lastKey) {
    chat.replaceChildren();
    view.shown.clear();
    view.lastKey = key;
  }
  const atBottom = chat.scrollTop + chat.clientHeight >= chat.scrollHeight - 40;
  let added = false;
  for (const m of messages) {
    const sig = JSON.stringify([m.card, m.text, m.urgent, m.file]);
    const old = view.shown.get(m.id);
    if (old?.sig === sig) continue;
    const el = messageEl(m);
    if (old) old.el.replaceWith(el);
    else {
      chat.append(el);
      added = true;
    }
    view.shown.set(m.id, { sig, el });
  }
  if (added && atBottom) chat.scrollTop = chat.scrollHeight;
}

async function refresh() {
  const s = await api(`state?as=${encodeURIComponent(view.as)}`);
  renderPeople(s.people);
  const me = s.people.find((p) => p.openId === view.as);
  $("who").textContent = me ? `${me.unit} — ${me.name}` : "";
  $("now").textContent = fmt(s.now);
  $("now").dataset.iso = s.now;
  const n = s.directCounts[view.as] ?? 0;
  $("dm-count").textContent = n > 0 ? `(${n})` : "";
  $("at").hidden = view.tab !== "group";
  renderChat(view.tab === "group" ? s.group : s.direct);
}

async function busy(work) {
  document.body.classList.add("busy");
  try {
    await work();
  } catch (err) {
    toast(String(err), "error");
  } finally {
    document.body.classList.remove("busy");
    await refresh();
  }
}

async function click(messageId, value, formValue, btn) {
  if (btn) btn.disabled = true;
  await busy(async () => {
    const r = await api("click", { as: view.as, messageId, value, ...(formValue ? { formValue } : {}) });
    if (r.toast?.content) toast(r.toast.content, r.toast.type);
  });
  if (btn) btn.disabled = false;
}

function shiftClock(ms) {
  const base = new Date($("now").dataset.iso ?? Date.now());
  return busy(() => api("clock", { to: new Date(base.getTime() + ms).toISOString() }));
}

$("composer").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  busy(() => api("say", { as: view.as, text, where: view.tab === "group" ? "group" : "p2p" }));
});
$("person").addEventListener("change", () => {
  view.as = $("person").value;
  localStorage.setItem("pg.as", view.as);
  refresh();
});
for (const tab of ["group", "direct"])
  $(`tab-${tab}`).addEventListener("click", () => {
    view.tab = tab;
    $("tab-group").classList.toggle("active", tab === "group");
    $("tab-direct").classList.toggle("active", tab === "direct");
    refresh();
  });
$("jump").addEventListener("click", () => {
  const v = $("clock").value;
  if (!v) return toast("请先选择日期和时间", "error");
  // The input is Wuhan time.
  busy(() => api("clock", { to: `${v.length === 16 ? `${v}:00` : v}+08:00` }));
});
$("day").addEventListener("click", () => shiftClock(86_400_000));
$("week").addEventListener("click", () => shiftClock(7 * 86_400_000));
$("tick").addEventListener("click", () =>
  busy(async () => {
    await api("tick", {});
    toast("调度已运行");
  }),
);
$("reset").addEventListener("click", () =>
  busy(async () => {
    toast("正在重置……");
    await api("reset", {});
    view.lastKey = "";
    toast("已重置", "success");
  }),
);

refresh();
setInterval(() => {
  if (!document.body.classList.contains("busy")) refresh().catch(() => {});
}, 1500);
