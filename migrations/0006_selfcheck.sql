CREATE TABLE "plan_results" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"text" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_requests" DROP CONSTRAINT "report_requests_unique";--> statement-breakpoint
ALTER TABLE "report_requests" ADD COLUMN "indicator_id" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "selfcheck" text;--> statement-breakpoint
ALTER TABLE "plan_results" ADD CONSTRAINT "plan_results_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_results_plan" ON "plan_results" USING btree ("plan_id","recorded_at");--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_unique" UNIQUE NULLS NOT DISTINCT("collection_id","unit_id","task_id","indicator_id");