ALTER TABLE "reports" ADD COLUMN "kind" text DEFAULT 'form' NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "evidence_files" jsonb DEFAULT '[]'::jsonb NOT NULL;