#!/usr/bin/env node
// Full-width punctuation in Chinese text, for duban's 公文 register.
//
// Usage (in a duban checkout; the rules it shares with the guard test are in register-rules.mjs):
//   node scripts/register-codemod.mjs [--dry] [--json] FILE_OR_DIR...
//   e.g. node scripts/register-codemod.mjs src cards   (npm run register:fix)
//   FILE:LINE instead of FILE changes only the literals starting on that line (repeatable): for tests, where
//   expected outputs change and typed inputs stay.
// .ts files: rewrites only string literals and template literal text (comments, regexes and code are untouched);
// .json files: rewrites only string values (keys stay). Idempotent: a second run changes nothing.
//
// Rules (test/kernel/register.test.ts checks the same; what both skip is in register-rules.mjs):
// - a half-width , : ; ? next to Chinese text becomes ， ： ； ？ (spaces around it go);
// - a pair ( … ) whose content holds Chinese, or that stands beside Chinese, becomes （ … ）;
// - ! or ！ next to Chinese becomes 。 (notices carry no exclamation marks);
// Skipped: logger calls (log/logger.info|warn|error|debug|trace|fatal), RegExp(...) arguments, import paths,
// property names, type literals, strings that hold both forms of a mark (parser character sets such as
// "、,，;；"), and any literal on a line carrying the comment `register-ok` (or the line after one).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { CJK, isCharSet, keptByComment, neighbour, PH, skipped } from "./register-rules.mjs";

const args = process.argv.slice(2);
const dry = args.includes("--dry");
const asJson = args.includes("--json");
// FILE:LINE restricts a file to the literals that start on the given lines (for tests, where only the expected
// outputs change and the inputs stay as a person would type them).
const onlyLines = new Map();
const targets = [];
for (const a of args.filter((x) => !x.startsWith("--"))) {
  const m = /^(.+\.(?:ts|json)):(\d+)$/.exec(a);
  if (!m) targets.push(a);
  else {
    if (!onlyLines.has(m[1])) {
      onlyLines.set(m[1], new Set());
      targets.push(m[1]);
    }
    onlyLines.get(m[1]).add(Number(m[2]));
  }
}
if (targets.length === 0) {
  console.error("usage: node register-codemod.mjs [--dry] [--json] FILE_OR_DIR...");
  process.exit(2);
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const FULL = { ",": "，", ":": "：", ";": "；", "?": "？" };
const isCjk = (c) => c !== "" && CJK.test(c);

/** The transform on one text (template expressions as PH). Returns the new text. */
export function fullWidth(s) {
  if (isCharSet(s)) return s;
  const orig = [...s];
  const out = [...s];
  // 1. Parentheses, as pairs.
  const stack = [];
  const convert = new Set();
  for (let i = 0; i < out.length; i++) {
    if (out[i] === "(") stack.push(i);
    else if (out[i] === ")" && stack.length) {
      const open = stack.pop();
      const inner = out.slice(open + 1, i).join("");
      const before = neighbour(out, open, -1);
      if (/:\/\//.test(inner) || before === "]") continue; // markdown link target
      const after = neighbour(out, i, 1);
      if (HAN.test(inner) || isCjk(before) || isCjk(after)) {
        convert.add(open);
        convert.add(i);
      }
    }
  }
  for (const i of convert) {
    out[i] = out[i] === "(" ? "（" : "）";
  }
  // 2. , : ; ? ! next to Chinese text.
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (c in FULL || c === "!" || c === "！") {
      if (c === "！" || isCjk(neighbour(out, i, -1)) || isCjk(neighbour(out, i, 1))) {
        if (c === ":" && out[i + 1] === "/" && out[i + 2] === "/") continue; // a URL
        if (c === "!" || c === "！") {
          const prev = neighbour(out, i, -1);
          if (!isCjk(prev) && c === "!") continue;
          out[i] = "。";
        } else out[i] = FULL[c];
      } else if (
        c === "?" &&
        out[i - 1] === PH &&
        HAN.test(s) &&
        (i + 1 === out.length || out[i + 1] === "\n")
      ) {
        out[i] = "？"; // a question that ends a Chinese sentence after an inserted value
      }
    }
  }
  // 3. Spaces around the full-width marks this run made go: the mark carries its own space.
  let text = "";
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (c === " ") {
      // a single space next to a full-width mark that was half-width in the input (two or more spaces are a
      // deliberate gap between fields, and stay)
      const single = out[i - 1] !== " " && out[i + 1] !== " ";
      if (!single) {
        text += c;
        continue;
      }
      const prevMark = lastNonSpace(out, i, -1);
      const nextMark = lastNonSpace(out, i, 1);
      if (
        (prevMark.i >= 0 &&
          orig[prevMark.i] !== out[prevMark.i] &&
          "，：；？。）".includes(out[prevMark.i])) ||
        (nextMark.i >= 0 && orig[nextMark.i] !== out[nextMark.i] && "，：；？。（".includes(out[nextMark.i]))
      )
        continue;
    }
    text += c;
  }
  return text;
}
function lastNonSpace(arr, i, dir) {
  let j = i;
  while (j >= 0 && j < arr.length && arr[j] === " ") j += dir;
  return { i: j >= 0 && j < arr.length ? j : -1 };
}

function rewriteTs(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits = []; // {start, end, text}
  const changed = [];
  const visit = (node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateExpression(node)
    ) {
      if (!skipped(node, sf) && !keptByComment(sf, node.getStart(sf))) {
        // segments: raw text ranges between delimiters
        const segs = [];
        if (ts.isTemplateExpression(node)) {
          const h = node.head;
          segs.push({ start: h.getStart(sf) + 1, end: h.end - 2 });
          for (const span of node.templateSpans) {
            const l = span.literal;
            const tail = ts.isTemplateTail(l);
            segs.push({ start: l.getStart(sf) + 1, end: l.end - (tail ? 1 : 2) });
          }
        } else {
          segs.push({ start: node.getStart(sf) + 1, end: node.end - 1 });
        }
        const raws = segs.map((s) => text.slice(s.start, s.end));
        const joined = raws.join(PH);
        const next = fullWidth(joined);
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        const wanted = !onlyLines.has(file) || onlyLines.get(file).has(line);
        if (next !== joined && wanted) {
          const parts = next.split(PH);
          if (parts.length === raws.length) {
            parts.forEach((part, k) => {
              if (part !== raws[k]) edits.push({ ...segs[k], text: part });
            });
            changed.push({ line, from: joined, to: next });
          }
        }
      }
      if (!ts.isTemplateExpression(node)) return;
      for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { out, changed };
}

function rewriteJson(text) {
  const changed = [];
  const out = text.replace(/"(?:[^"\\]|\\.)*"(\s*:)?/g, (tok, colon) => {
    if (colon) return tok; // a key
    const value = JSON.parse(tok);
    const next = fullWidth(value);
    if (next === value) return tok;
    changed.push({ from: value, to: next });
    return JSON.stringify(next);
  });
  return { out, changed };
}

function* walk(p) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(p)) {
      if (e === "node_modules" || e.startsWith(".")) continue;
      yield* walk(path.join(p, e));
    }
  } else if (/\.(ts|json)$/.test(p) && !p.endsWith(".d.ts")) yield p;
}

let files = 0;
let literals = 0;
const report = [];
for (const t of targets) {
  for (const file of walk(t)) {
    const text = fs.readFileSync(file, "utf8");
    const { out, changed } = file.endsWith(".json") ? rewriteJson(text) : rewriteTs(file, text);
    if (changed.length === 0) continue;
    files++;
    literals += changed.length;
    report.push({ file, changed });
    if (!dry) fs.writeFileSync(file, out);
  }
}
if (asJson) console.log(JSON.stringify(report, null, 1));
else {
  for (const r of report)
    for (const c of r.changed)
      console.log(`${r.file}${c.line ? `:${c.line}` : ""}\n  - ${c.from}\n  + ${c.to}`);
}
console.error(`${dry ? "would change" : "changed"} ${literals} literal(s) in ${files} file(s)`);
