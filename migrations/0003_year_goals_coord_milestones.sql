CREATE TABLE "coord_assignees" (
	"item_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"assigned_by" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "coord_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"kind" text NOT NULL,
	"unit_id" integer,
	"task_id" integer,
	"text" text NOT NULL,
	"match_text" text NOT NULL,
	"delegate" text,
	"occasion" text,
	"raised_on" date NOT NULL,
	"last_raised_on" date NOT NULL,
	"repeats" integer DEFAULT 0 NOT NULL,
	"report_id" integer,
	"state" text DEFAULT 'open' NOT NULL,
	"due" date,
	"close_note" text,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_owners" (
	"indicator_id" integer PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"value" numeric NOT NULL,
	"as_of" date NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "milestone_marks" (
	"milestone_id" integer PRIMARY KEY NOT NULL,
	"done_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"attachment_url" text,
	"marked_by" text NOT NULL,
	"marked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coord_assignees" ADD CONSTRAINT "coord_assignees_item_id_coord_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."coord_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coord_assignees" ADD CONSTRAINT "coord_assignees_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coord_items" ADD CONSTRAINT "coord_items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coord_items" ADD CONSTRAINT "coord_items_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coord_items" ADD CONSTRAINT "coord_items_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_owners" ADD CONSTRAINT "goal_owners_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_owners" ADD CONSTRAINT "goal_owners_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_values" ADD CONSTRAINT "goal_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_values" ADD CONSTRAINT "goal_values_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_marks" ADD CONSTRAINT "milestone_marks_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coord_assignees_pk" ON "coord_assignees" USING btree ("item_id","unit_id");--> statement-breakpoint
CREATE INDEX "coord_assignees_unit" ON "coord_assignees" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "coord_items_plan_state" ON "coord_items" USING btree ("plan_id","kind","state");--> statement-breakpoint
CREATE UNIQUE INDEX "coord_items_report" ON "coord_items" USING btree ("report_id") WHERE "coord_items"."report_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "goal_values_idempotency" ON "goal_values" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "goal_values_indicator" ON "goal_values" USING btree ("indicator_id","reported_at");