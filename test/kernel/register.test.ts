import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CJK, isCharSet, keptByComment, neighbour, PH, skipped } from "../../scripts/register-rules.mjs";

/**
 * The office reads every text duban writes as a 公文 (docs/writing.md): full-width punctuation beside Chinese,
 * no 您好, no exclamation marks, dates as 6月24日（星期五）. This scans every string literal and template text in
 * src/ and every string value in cards/, so a new text cannot slip back to 6月24日(周五) or "您好!".
 *
 * Not scanned: logger calls (for developers), RegExp arguments, import paths, property names, type literals,
 * strings that list both forms of a mark (parser character sets such as "、,，;；"), and a literal on a line
 * carrying, or following, the comment `register-ok` with its reason. What is skipped, and what counts as
 * Chinese, is shared with the codemod that rewrites texts (scripts/register-rules.mjs).
 */

const ROOT = join(__dirname, "..", "..");

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p, ext);
    return e.name.endsWith(ext) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** What is wrong with one text (template expressions as PH), or an empty list. */
function registerProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.includes("您好")) problems.push("您好");
  if (/[(（]周[一二三四五六日][)）]/.test(text)) problems.push("周X date suffix (write 星期X)");
  if (isCharSet(text)) return problems;
  if (text.includes("！")) problems.push("exclamation mark");
  // Markdown link targets are URLs, not text.
  const s = text.replace(/\]\([^)]*\)/g, "]");
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (!",:;()!?".includes(c)) continue;
    if (c === ":" && s.startsWith("//", i + 1)) continue;
    const before = neighbour(s, i, -1);
    const after = neighbour(s, i, 1);
    if ((before && CJK.test(before)) || (after && CJK.test(after))) {
      problems.push(
        `half-width "${c}" beside Chinese at ${JSON.stringify(s.slice(Math.max(0, i - 8), i + 9))}`,
      );
    }
  }
  return problems;
}

/** Every user-visible literal text of a .ts file, with its line. */
function tsTexts(file: string): Array<{ line: number; text: string }> {
  const source = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateExpression(node)
    ) {
      const start = node.getStart(sf);
      if (!skipped(node, sf) && !keptByComment(sf, start)) {
        const text = ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(PH)
          : node.text;
        out.push({ line: sf.getLineAndCharacterOfPosition(start).line + 1, text });
      }
      if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function jsonTexts(value: unknown, at = "$"): Array<{ line: string; text: string }> {
  if (typeof value === "string") return [{ line: at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonTexts(v, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => jsonTexts(v, `${at}.${k}`));
  return [];
}

describe("公文 register of every text duban writes", () => {
  it("knows a wrong text when it sees one", () => {
    expect(registerProblems("联络员您好!")).not.toEqual([]);
    expect(registerProblems("报送截止 6月24日(周五) 18:00")).not.toEqual([]);
    expect(registerProblems("市经信局:选择联络员")).not.toEqual([]);
    expect(registerProblems("卡片内容无效,请发送 /mapping 重新生成。")).not.toEqual([]);
    expect(registerProblems("督办助手：发送 /help 查看可用命令。")).toEqual([]);
    expect(registerProblems("报送截止 2022年6月24日（星期五）18:00，共 12 项")).toEqual([]);
    expect(registerProblems("[查看](https://example.com/a?b=1)。")).toEqual([]);
  });

  it("src/: string literals and template texts", () => {
    const found: string[] = [];
    for (const file of files(join(ROOT, "src"), ".ts")) {
      for (const { line, text } of tsTexts(file)) {
        for (const p of registerProblems(text)) found.push(`${relative(ROOT, file)}:${line}: ${p}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("cards/: every string value of the templates", () => {
    const found: string[] = [];
    for (const file of files(join(ROOT, "cards"), ".json")) {
      for (const { line, text } of jsonTexts(JSON.parse(readFileSync(file, "utf8")))) {
        for (const p of registerProblems(text)) found.push(`${relative(ROOT, file)} ${line}: ${p}`);
      }
    }
    expect(found).toEqual([]);
  });
});
