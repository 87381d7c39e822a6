ALTER TABLE "processed_events" ADD COLUMN "state" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "handled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "processed_events_due" ON "processed_events" USING btree ("retry_at") WHERE "processed_events"."state" = 'pending';