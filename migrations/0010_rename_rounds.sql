-- One word per concept: a reporting round is `round` in code and now in the database. Renames only; rows,
-- ids, sequences and foreign keys keep their data.
ALTER TABLE "collections" RENAME TO "rounds";--> statement-breakpoint
ALTER TABLE "rounds" RENAME CONSTRAINT "collections_pkey" TO "rounds_pkey";--> statement-breakpoint
ALTER SEQUENCE "collections_id_seq" RENAME TO "rounds_id_seq";--> statement-breakpoint
ALTER TABLE "rounds" RENAME CONSTRAINT "collections_plan_id_plans_id_fk" TO "rounds_plan_id_plans_id_fk";--> statement-breakpoint
ALTER INDEX "collections_plan_kind_period" RENAME TO "rounds_plan_kind_period";--> statement-breakpoint
ALTER INDEX "collections_plan_state" RENAME TO "rounds_plan_state";--> statement-breakpoint
ALTER TABLE "report_requests" RENAME COLUMN "collection_id" TO "round_id";--> statement-breakpoint
ALTER TABLE "report_requests" RENAME CONSTRAINT "report_requests_collection_id_collections_id_fk" TO "report_requests_round_id_rounds_id_fk";--> statement-breakpoint
ALTER TABLE "unit_cards" RENAME COLUMN "collection_id" TO "round_id";--> statement-breakpoint
ALTER TABLE "unit_cards" RENAME CONSTRAINT "unit_cards_collection_id_collections_id_fk" TO "unit_cards_round_id_rounds_id_fk";
