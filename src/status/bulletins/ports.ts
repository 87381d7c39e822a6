import type { BulletinKind } from "../../domain/period";
import type { BulletinDraft } from "./draft";

export interface BulletinRecord {
  id: number;
  planId: string;
  kind: BulletinKind;
  /** "2022-Q2", "2022-06", "2022-H1", "2022". */
  period: string;
  state: "draft" | "published";
  title: string;
  draft: BulletinDraft;
  createdBy: string | null;
  createdAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
}

/** 通报 storage: drafts the office reviews, then publishes once. */
export interface BulletinStore {
  /**
   * Saves a draft for (plan, kind, period): refreshes the open draft in place (same id, so buttons on an
   * earlier draft card still work), or creates a new one when there is none or the last one was published.
   */
  saveDraft(b: {
    planId: string;
    kind: BulletinKind;
    period: string;
    draft: BulletinDraft;
    createdBy: string | null;
    now: Date;
  }): Promise<BulletinRecord>;
  get(id: number): Promise<BulletinRecord | undefined>;
  /** The newest bulletin of a plan for (kind, period), draft or published. */
  latest(planId: string, kind: BulletinKind, period: string): Promise<BulletinRecord | undefined>;
  /** Replaces a draft's text (修改); a published bulletin is left unchanged (changed: false). */
  updateDraft(
    id: number,
    draft: BulletinDraft,
  ): Promise<{ record: BulletinRecord; changed: boolean } | undefined>;
  /** draft → published, once: a second publish (double click, replay) changes nothing (changed: false). */
  publish(
    id: number,
    by: string,
    now: Date,
  ): Promise<{ record: BulletinRecord; changed: boolean } | undefined>;
}
