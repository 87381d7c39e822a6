ALTER TABLE "plans" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "archived_by" text;--> statement-breakpoint
ALTER TABLE "coord_items" ADD COLUMN "follow_ups" jsonb DEFAULT '[]'::jsonb NOT NULL;