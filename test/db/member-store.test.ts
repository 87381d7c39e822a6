import { expect, it } from "vitest";
import { createAuditStore } from "../../src/db/store/audit-store";
import { createMemberStore } from "../../src/db/store/member-store";
import { createPlanStore } from "../../src/db/store/plan-store";
import { loadPlan } from "../../src/plans/load";
import { smallPlan } from "../fixtures/small-plan";
import { describeDb } from "../helpers/db";

const T0 = new Date("2022-06-20T02:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const A = { openId: "ou_a", name: "张三" };
const B = { openId: "ou_b", name: "李四" };

describeDb("member store", (ctx) => {
  async function setup() {
    const plans = createPlanStore(ctx.database.db);
    await loadPlan(plans, smallPlan(), { now: T0 });
    const store = createMemberStore(ctx.database.db);
    const audit = createAuditStore(ctx.database.db);
    const units = await store.units("small-plan");
    const id = (name: string) => units.find((u) => u.name === name)?.id ?? -1;
    return { store, audit, units, id };
  }
  const change = (s: number, actor = "ou_office") => ({ planId: "small-plan", actor, now: at(s) });

  it("reads the catalog with groups and their members, and the roster", async () => {
    const { store, units, id } = await setup();
    expect(units.map((u) => u.name)).toEqual([
      "市经信局",
      "市科技局",
      "江岸区人民政府",
      "江汉区人民政府",
      "各区人民政府",
    ]);
    const group = units.find((u) => u.kind === "group");
    expect([...(group?.members ?? [])].sort()).toEqual([id("江岸区人民政府"), id("江汉区人民政府")].sort());
    expect(await store.roster("small-plan")).toEqual([
      { name: "张三", title: "市经信局局长", unitId: id("市经信局"), role: "deputy_leader" },
    ]);
  });

  it("keeps one primary liaison per unit: a second is refused unless replacing, and each change is audited", async () => {
    const { store, audit, id } = await setup();
    const unitId = id("市经信局");
    const first = await store.assignUnitRole({
      ...change(1),
      person: A,
      unitId,
      role: "liaison",
      replace: false,
    });
    expect(first).toEqual({ kind: "assigned", previous: undefined });
    const again = await store.assignUnitRole({
      ...change(2),
      person: A,
      unitId,
      role: "liaison",
      replace: false,
    });
    expect(again.kind).toBe("unchanged");
    const second = await store.assignUnitRole({
      ...change(3),
      person: B,
      unitId,
      role: "liaison",
      replace: false,
    });
    expect(second.kind === "taken" && second.holder.openId).toBe("ou_a");
    const replaced = await store.assignUnitRole({
      ...change(4),
      person: B,
      unitId,
      role: "liaison",
      replace: true,
    });
    expect(replaced.kind === "assigned" && replaced.previous?.openId).toBe("ou_a");
    const rows = await store.members("small-plan");
    expect(rows.map((r) => `${r.openId}:${r.role}:${r.unitId}`)).toEqual([`ou_b:liaison:${unitId}`]);
    const log = await audit.list("small-plan", { unitId, limit: 10, offset: 0 });
    expect(log.total).toBe(3);
    expect(log.entries.map((e) => e.action)).toEqual(["bind", "unbind", "bind"]);
    expect(log.entries[0]).toMatchObject({
      actor: "ou_office",
      before: { openId: "ou_a", role: "liaison" },
      after: { openId: "ou_b", role: "liaison" },
    });
    expect(log.entries[1]).toMatchObject({ before: { openId: "ou_a", reason: "replaced" }, after: null });
  });

  it("moves a person between deputy and liaison of the same unit", async () => {
    const { store, id } = await setup();
    const unitId = id("市科技局");
    await store.assignUnitRole({ ...change(1), person: A, unitId, role: "deputy", replace: false });
    const up = await store.assignUnitRole({
      ...change(2),
      person: A,
      unitId,
      role: "liaison",
      replace: false,
    });
    expect(up.kind === "assigned" && up.previous?.role).toBe("deputy");
    expect((await store.members("small-plan")).map((r) => r.role)).toEqual(["liaison"]);
  });

  it("the database itself refuses a second liaison (members_one_liaison)", async () => {
    const { store, id } = await setup();
    const unitId = id("市经信局");
    const results = await Promise.all([
      store.assignUnitRole({ ...change(1), person: A, unitId, role: "liaison", replace: false }),
      store.assignUnitRole({ ...change(1), person: B, unitId, role: "liaison", replace: false }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["assigned", "taken"]);
    expect((await store.members("small-plan")).filter((r) => r.role === "liaison")).toHaveLength(1);
  });

  it("grants and revokes plan-wide roles once", async () => {
    const { store, audit } = await setup();
    expect(await store.grantPlanRole({ ...change(1), person: A, role: "office" })).toBe("granted");
    expect(await store.grantPlanRole({ ...change(2), person: A, role: "office" })).toBe("unchanged");
    expect(await store.revokePlanRole({ ...change(3), openId: "ou_a", role: "office" })).toBe("revoked");
    expect(await store.revokePlanRole({ ...change(4), openId: "ou_a", role: "office" })).toBe("absent");
    const log = await audit.list("small-plan", { limit: 10, offset: 0 });
    expect(log.entries.map((e) => `${e.action}:${e.subject}`)).toEqual([
      "revoke:person:ou_a",
      "grant:person:ou_a",
    ]);
  });

  it("decides a bind request exactly once, applying the role in the same step", async () => {
    const { store, id } = await setup();
    const unitId = id("市经信局");
    await store.assignUnitRole({ ...change(1), person: A, unitId, role: "liaison", replace: false });
    const { request, created } = await store.createBindRequest({
      ...change(2, "ou_b"),
      person: B,
      unitId,
      role: "liaison",
      detail: { chatId: "oc_1" },
    });
    expect(created).toBe(true);
    const dup = await store.createBindRequest({
      ...change(3, "ou_b"),
      person: B,
      unitId,
      role: "liaison",
      detail: {},
    });
    expect(dup).toMatchObject({ created: false, request: { id: request.id } });
    const decisions = await Promise.all([
      store.decideBindRequest({
        id: request.id,
        state: "approved",
        by: "ou_office",
        now: at(4),
        apply: { role: "deputy", replace: false },
      }),
      store.decideBindRequest({ id: request.id, state: "rejected", by: "ou_other", now: at(4) }),
    ]);
    expect(decisions.filter(Boolean)).toHaveLength(1);
    const done = await store.getBindRequest(request.id);
    expect(done?.state).not.toBe("pending");
    const deputies = (await store.members("small-plan")).filter((r) => r.role === "deputy");
    expect(deputies.length).toBe(done?.state === "approved" ? 1 : 0);
    expect(await store.pendingBindRequests("small-plan")).toEqual([]);
  });

  it("keeps chat members current from a full list and from joins and leaves", async () => {
    const { store } = await setup();
    await store.saveChat({ chatId: "oc_1", name: "工作群", chatType: "group" }, T0);
    const first = await store.syncChatMembers("oc_1", [A, B], at(1));
    expect(first.joined.map((p) => p.openId)).toEqual(["ou_a", "ou_b"]);
    const second = await store.syncChatMembers("oc_1", [{ openId: "ou_a", name: "张三(市经信局)" }], at(2));
    expect(second).toEqual({ joined: [], left: ["ou_b"] });
    expect((await store.chatMembers("oc_1")).map((m) => m.name)).toEqual(["张三(市经信局)"]);
    await store.addChatMembers("oc_1", [B], at(3));
    await store.removeChatMembers("oc_1", ["ou_a"], at(4));
    expect((await store.chatMembers("oc_1")).map((m) => m.openId)).toEqual(["ou_b"]);
  });

  it("knows who is present in some live chat of the plan", async () => {
    const { store } = await setup();
    await store.saveChat({ chatId: "oc_1", name: "", chatType: "group" }, T0);
    await store.addChatMembers("oc_1", [A], at(1));
    expect(await store.presentInPlan("small-plan", "ou_a")).toBe(false);
    await ctx.database.db.execute(
      (await import("drizzle-orm")).sql`update chats set plan_id = 'small-plan' where chat_id = 'oc_1'`,
    );
    expect(await store.presentInPlan("small-plan", "ou_a")).toBe(true);
    await store.markChatGone("oc_1", at(2), false);
    expect(await store.presentInPlan("small-plan", "ou_a")).toBe(false);
    expect(await store.chatsOfPlan("small-plan")).toEqual([]);
    const back = await store.saveChat({ chatId: "oc_1", name: "", chatType: "group" }, at(3));
    expect(back).toMatchObject({ botPresent: true, planId: "small-plan", name: "" });
  });

  it("pages the audit log latest first", async () => {
    const { store, audit, id } = await setup();
    for (let i = 0; i < 5; i++)
      await store.assignUnitRole({
        ...change(i),
        person: { openId: `ou_${i}`, name: `人${i}` },
        unitId: id("市科技局"),
        role: "deputy",
        replace: false,
      });
    const page = await audit.list("small-plan", { limit: 2, offset: 2 });
    expect(page.total).toBe(5);
    expect(page.entries.map((e) => (e.after as { name: string }).name)).toEqual(["人2", "人1"]);
  });
});
