import { taskCitation } from "../../domain/states";
import { DEFAULT_TZ } from "../../domain/time";
import { paginate, richBytes } from "../../kernel/card-budget";
import { type CardRef, joinRich, md, type RichText } from "../../kernel/messages";
import type { MissingUnit, RoundInfo } from "../ports";
import { type CardOptions, dueLine, font, lit, more, PAGE_BYTES } from "./status-card";

/** Cards answering /missing and /remind. */

function liaisonText(m: MissingUnit): RichText {
  if (m.liaisons.length === 0) return font("red", "无联络员");
  return joinRich(
    m.liaisons.map((l) => md`${lit(l.role === "liaison" ? "联络员 " : "副联络员 ")}${l.name || l.openId}`),
    "；",
  );
}

function missingCodes(m: MissingUnit, max = 8): string {
  if (m.taskCodes.length === 0) return "";
  const shown = m.taskCodes.slice(0, max).map(taskCitation).join("、");
  return `：${shown}${m.taskCodes.length > max ? ` 等${m.taskCodes.length}项` : ""}`;
}

/** /missing: units with missing requests, what they miss, and who their liaisons are (or 无联络员). */
export function missingCard(round: RoundInfo, missing: MissingUnit[], opts: CardOptions): CardRef {
  const tz = opts.tz ?? DEFAULT_TZ;
  const items = missing.map((m) => ({
    text: md`**${m.unitName}** 缺${lit(`${m.missing}项${missingCodes(m)}`)}\n${liaisonText(m)}`,
  }));
  const page = paginate(items, opts.page ?? 1, {
    maxItems: 50,
    maxBytes: PAGE_BYTES,
    size: (i) => richBytes(i.text),
  });
  const totalMissing = missing.reduce((n, m) => n + m.missing, 0);
  const overdue = opts.now.getTime() > round.dueAt.getTime();
  const unbound = missing.filter((m) => m.liaisons.length === 0).length;
  return {
    template: "status-missing",
    data: {
      title: `未报送单位 · ${round.title}`,
      subtitle: dueLine(round, opts.now, tz),
      color: missing.length === 0 ? "green" : overdue ? "red" : "orange",
      summary:
        missing.length === 0
          ? lit("**各单位均已报送。**")
          : lit(
              `**${missing.length} 家单位、${totalMissing} 项未报送**${unbound ? ` · 其中 ${unbound} 家无联络员` : ""}`,
            ),
      groups: page.items,
      ...more("missing", round, page.page, page.pages),
      note:
        missing.length === 0
          ? "无需催报"
          : `第${page.page}/${page.pages}页 · 发送「/remind」提醒以上单位联络员，「/remind 单位名」只提醒一家`,
    },
  };
}

/** Who /remind nudges: the liaisons (and deputies) of units with missing requests; units without any named. */
export function remindTargets(missing: MissingUnit[]): {
  recipients: Array<{ openId: string; name: string; unitId: number; unitName: string }>;
  unbound: MissingUnit[];
} {
  const recipients = missing.flatMap((m) =>
    m.liaisons.map((l) => ({ openId: l.openId, name: l.name, unitId: m.unitId, unitName: m.unitName })),
  );
  return { recipients, unbound: missing.filter((m) => m.liaisons.length === 0) };
}

/** The group message of /remind: @ each unit's liaisons with what is missing; units without one named. */
export function remindCard(round: RoundInfo, missing: MissingUnit[], opts: CardOptions): CardRef {
  const tz = opts.tz ?? DEFAULT_TZ;
  const bound = missing.filter((m) => m.liaisons.length > 0).slice(0, 60);
  const lines = bound.map(
    (m) =>
      md`${joinRich(
        m.liaisons.map((l) => ({ rich: [{ at: l.openId }] })),
        " ",
      )} ${m.unitName} 缺${lit(`${m.missing}项${missingCodes(m, 5)}`)}`,
  );
  const unbound = missing.filter((m) => m.liaisons.length === 0);
  return {
    template: "status-remind",
    data: {
      title: `催报提醒 · ${round.title}`,
      body:
        lines.length > 0
          ? joinRich([lit(`请以下单位联络员尽快报送（${dueLine(round, opts.now, tz)}）：`), ...lines], "\n")
          : lit("需催报的单位均未绑定联络员。"),
      unbound:
        unbound.length > 0
          ? md`以下单位尚未绑定联络员，请领导小组办公室联系：${joinRich(
              unbound.map((m) => md`${m.unitName}`),
              "、",
            )}`
          : "",
    },
  };
}
