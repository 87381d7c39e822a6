CREATE TABLE "plan_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"file_name" text NOT NULL,
	"document" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
