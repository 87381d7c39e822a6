import { expect, it } from "vitest";
import { cardActions } from "../../src/bot/actions";
import { commands } from "../../src/bot/commands";
import { can } from "../../src/domain/permissions";
import { describeDb } from "../helpers/db";
import { createScenario, OFFICE, person } from "../helpers/members-scenario";

const MEMBER = person("ou_plain", "普通成员");

describeDb("the authorization table decides every command and card action", (ctx) => {
  it("a plain member is refused every command the table keeps from members, and nothing is stored", async () => {
    const s = await createScenario(ctx);
    await s.seedChat("small-plan", [OFFICE, MEMBER]);
    const refused = commands.filter((c) => !can([], c.action));
    expect(refused.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "plan",
        "grant",
        "mapping",
        "audit",
        "status",
        "missing",
        "remind",
        "bulletin",
        "export",
      ]),
    );
    for (const cmd of refused) {
      const r = await s.say(MEMBER, `/${cmd.name} 市经信局`);
      expect(r.texts[0], cmd.name).toContain("仅限");
    }
    expect(await s.roles()).toEqual([]);
    const audit = await s.deps.audit.list("small-plan", { limit: 10, offset: 0 });
    expect(audit.total).toBe(0);
  });

  it("a plain member is refused every card action the table keeps from members", async () => {
    const s = await createScenario(ctx);
    await s.seedChat("small-plan", [OFFICE, MEMBER]);
    const refused = cardActions.filter((a) => !can([], a.action));
    expect(refused.map((a) => a.name).sort()).toEqual([
      "bind_decide",
      "bulletin_edit",
      "bulletin_publish",
      "chat_plan",
      "coord",
      "lead_view",
      "mapping_page",
      "mapping_submit",
      "member_propose",
      "plan_close",
      "plan_draft",
      "report_evidence",
      "report_fill",
      "report_shortcut",
      "report_submit",
      "round_overview",
      "status_page",
      "summary_draft",
    ]);
    for (const a of refused) {
      const r = await s.click(MEMBER, { action: a.name, planId: "small-plan", chatId: s.chatId });
      expect(r.result.toast?.content, a.name).toContain("仅限");
      expect(r.items).toEqual([]);
    }
  });
});
