import fc from "fast-check";

/** Pieces of markup a member might type to make the bot speak for them, in every format duban writes. */
export const HOSTILE_PIECES = [
  '<at user_id="all">所有人</at>',
  "<at id=all></at>",
  "<at user_id='ou_ffff'>某人</at>",
  "</at>",
  "[点我](https://evil.example/x)",
  "![x](img_v2_0123abcd)",
  "**",
  "*",
  "~~",
  "<font color='red'>",
  "</font>",
  "<link url='https://evil.example'>l</link>",
  "<b>",
  "&lt;at id=all&gt;",
  "&#60;at id=all&#62;",
  "&amp;",
  "&nbsp;",
  ":DONE:",
  "`code`",
  "\n# 标题",
  "\n- 项",
  "\n1. 项",
  "\n> 引用",
  "\u0000",
  "\u0007",
  "\u202e",
  "\r\n",
  "\u2060",
  "|a|b|",
];

/** Random strings mixed with those pieces. `maxPieces` keeps names short when a cap applies. */
export const hostileString = (maxPieces = 8) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...HOSTILE_PIECES),
        fc.string({ maxLength: 6 }),
        fc.string({ unit: "grapheme", maxLength: 3 }),
      ),
      {
        minLength: 1,
        maxLength: maxPieces,
      },
    )
    .map((parts) => parts.join(""));

/** Bounded in CI: enough variety to find a gap, few enough to stay fast on a shared machine. */
export const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 200) };
