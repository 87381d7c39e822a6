import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as z from "zod";

/** A person in the simulated work group, as the page's switcher lists them. */
export interface Person {
  openId: string;
  name: string;
  unit: string;
  /** office: the 督查室 (an admin); leader: the plan's leaders; liaison: speaks for a unit. */
  role: "office" | "leader" | "liaison";
}

export const GROUP = { chatId: "oc_playground_work_group", name: "1号议案办理工作群" };
export const OFFICE: Person = {
  openId: "ou_playground_office_0001",
  name: "王主任",
  unit: "督查室",
  role: "office",
};
/** Where the simulated clock starts: a Monday in June 2022, 10:00 in Wuhan, a few days before the round is due. */
export const START = new Date("2022-06-20T02:00:00Z");

const rosterSchema = z.object({
  roster: z
    .array(z.object({ name: z.string().max(50), unit: z.string().max(100), role: z.string().max(30) }))
    .max(500),
});

/** The sample plan's roster (leaders and one member per unit) plus the office: the simulated work group. */
export function samplePeople(samplePlanPath: string): Person[] {
  if (!existsSync(samplePlanPath)) return [OFFICE];
  const { roster } = rosterSchema.parse(JSON.parse(readFileSync(samplePlanPath, "utf8")));
  const people = roster.map(
    (r, i): Person => ({
      openId: `ou_playground_${String(i + 1).padStart(4, "0")}`,
      name: r.name,
      unit: r.unit,
      role: r.role === "member" ? "liaison" : "leader",
    }),
  );
  return [OFFICE, ...people];
}

/** The app and bot the playground's stand-in plays, with fresh secrets each start (nothing real to leak). */
export function generatedIdentity() {
  const hex = (n: number) => randomBytes(n).toString("hex");
  return {
    appId: `cli_playground${hex(4)}`,
    appSecret: hex(16),
    verificationToken: hex(12),
    encryptKey: hex(16),
    botOpenId: "ou_playground_bot_0001",
    botName: "督办",
  };
}
