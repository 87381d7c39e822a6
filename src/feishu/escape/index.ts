/** One escaping rule per Feishu output format; see docs/escaping.md. */
export { markdownLiteral, renderRich } from "./markdown";
export { plainLiteral } from "./plain";
export { textLiteral } from "./text";
