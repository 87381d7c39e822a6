// What the 公文 register rules count as Chinese text and as a text the office reads: shared by the codemod that
// rewrites texts (scripts/register-codemod.mjs) and the guard that fails on them (test/kernel/register.test.ts),
// so the two can never disagree on what they skip.
import ts from "typescript";

/** Chinese text: Han characters, CJK marks (。、「」《》…) and full-width forms. */
export const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff5e“”‘’…]/;
/** Stands for a template expression `${…}`: neither Chinese nor ASCII. */
export const PH = "\uE000";
/** Each half-width mark and its full-width form. */
export const PAIRS = [
  [",", "，"],
  [":", "："],
  [";", "；"],
  ["(", "（"],
  [")", "）"],
  ["?", "？"],
];

/** Strings that list both forms of a mark are character sets for parsers: leave them. */
export function isCharSet(s) {
  return PAIRS.some(([h, f]) => s.includes(h) && s.includes(f));
}

/** The nearest character left/right of i that is not a space or markdown emphasis ("" at the edge). */
export function neighbour(s, i, dir) {
  for (let j = i + dir; j >= 0 && j < s.length; j += dir) {
    const c = s[j];
    if (c !== " " && c !== "*") return c;
  }
  return "";
}

const LOGGER = /(^|\.)(log|logger)\.(info|warn|error|debug|trace|fatal)$/;

/** A literal on a line carrying the comment `register-ok` (with its reason), or on the line after one. */
export function keptByComment(sf, pos) {
  const text = sf.text;
  const starts = sf.getLineStarts();
  const { line } = sf.getLineAndCharacterOfPosition(pos);
  return [line, line - 1]
    .filter((l) => l >= 0)
    .some((l) => text.slice(starts[l], starts[l + 1] ?? text.length).includes("register-ok"));
}

/** Whether a literal node is one the office never reads (or a parser reads). */
export function skipped(node, sf) {
  const p = node.parent;
  if (!p) return true;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
  if (ts.isLiteralTypeNode(p)) return true;
  if (
    (ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)) &&
    p.name === node
  )
    return true;
  if (ts.isElementAccessExpression(p) && p.argumentExpression === node) return true;
  // inside a logger call or a RegExp, at any depth
  for (let a = p; a; a = a.parent) {
    if (ts.isCallExpression(a) || ts.isNewExpression(a)) {
      const callee = a.expression.getText(sf);
      if (LOGGER.test(callee) || callee === "RegExp") return true;
    }
    if (ts.isFunctionLike(a) || ts.isSourceFile(a)) break;
  }
  return false;
}
