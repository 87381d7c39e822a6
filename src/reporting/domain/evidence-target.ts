/**
 * Which report a file or photo sent to the bot backs. A liaison sends it right after submitting a report, so
 * the report submitted last is meant — when nothing else of the unit was submitted about then. Otherwise the
 * only reported task is meant; with several and none clearly last, the liaison picks.
 */

/** How recent "just submitted" is: a file sent within this time of a report backs that report. */
export const JUST_SUBMITTED_MS = 30 * 60 * 1000;

export interface EvidenceCandidate {
  requestId: number;
  submittedAt: Date;
}

export type EvidenceTarget<C extends EvidenceCandidate> =
  | { kind: "none" }
  | { kind: "one"; target: C }
  | { kind: "pick"; choices: C[] };

/** candidates: the unit's reported requests in open rounds, any order. */
export function evidenceTarget<C extends EvidenceCandidate>(
  candidates: readonly C[],
  now: Date,
): EvidenceTarget<C> {
  const sorted = [...candidates].sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime());
  const [first] = sorted;
  if (!first) return { kind: "none" };
  if (sorted.length === 1) return { kind: "one", target: first };
  const recent = sorted.filter((c) => now.getTime() - c.submittedAt.getTime() <= JUST_SUBMITTED_MS);
  if (recent.length === 1 && recent[0]) return { kind: "one", target: recent[0] };
  return { kind: "pick", choices: sorted };
}
