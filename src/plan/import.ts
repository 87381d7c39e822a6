export function importPlanDocument(_t: string, _o: { id?: string }): import("../domain/plan-format").Plan {
  throw new Error("importer not built yet");
}
