CREATE TABLE "bulletins" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"opened_at" timestamp with time zone,
	"opened_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"collection_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"task_id" integer,
	"role" text,
	"latest_report_id" integer,
	"reopened_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_requests_unique" UNIQUE NULLS NOT DISTINCT("collection_id","unit_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"status" text,
	"progress" text DEFAULT '' NOT NULL,
	"problems" text,
	"evidence_url" text,
	"document_url" text,
	"indicator_values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"idempotency_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_cards" (
	"id" serial PRIMARY KEY NOT NULL,
	"collection_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"recipient" text NOT NULL,
	"message_id" text,
	"outbox_key" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" text,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_overrides" (
	"day" date PRIMARY KEY NOT NULL,
	"workday" boolean NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"plan_id" text,
	"kind" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"bucket" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduler_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bind_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"open_id" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"unit_id" integer NOT NULL,
	"role" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_members" (
	"chat_id" text NOT NULL,
	"open_id" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"present" boolean DEFAULT true NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "chats" (
	"chat_id" text PRIMARY KEY NOT NULL,
	"plan_id" text,
	"name" text DEFAULT '' NOT NULL,
	"chat_type" text DEFAULT 'group' NOT NULL,
	"is_office" boolean DEFAULT false NOT NULL,
	"bot_present" boolean DEFAULT true NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"open_id" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"unit_id" integer,
	"granted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"task_id" integer,
	"goal_index" integer,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"target" numeric NOT NULL,
	"unit_of_measure" text DEFAULT '' NOT NULL,
	"comparator" text DEFAULT '>=' NOT NULL,
	"ordinal" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "indicators_scope" CHECK (("indicators"."task_id" is null) <> ("indicators"."goal_index" is null))
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"phase_id" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"text" text NOT NULL,
	"due" date NOT NULL,
	"units_must_submit" boolean DEFAULT false NOT NULL,
	"collection_kind" text
);
--> statement-breakpoint
CREATE TABLE "phases" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"start" date,
	"end" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"issued_on" date,
	"timezone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"document" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster_people" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"unit_id" integer,
	"unit_name" text NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"no" text NOT NULL,
	"ordinal" integer NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_units" (
	"task_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"section_id" integer NOT NULL,
	"code" text NOT NULL,
	"ordinal" integer NOT NULL,
	"text" text NOT NULL,
	"deadlines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "unit_group_members" (
	"group_id" integer NOT NULL,
	"unit_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'unit' NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ordinal" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_request_id_report_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."report_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_cards" ADD CONSTRAINT "unit_cards_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_cards" ADD CONSTRAINT "unit_cards_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bind_requests" ADD CONSTRAINT "bind_requests_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bind_requests" ADD CONSTRAINT "bind_requests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_members" ADD CONSTRAINT "chat_members_chat_id_chats_chat_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("chat_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_phase_id_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."phases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phases" ADD CONSTRAINT "phases_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_people" ADD CONSTRAINT "roster_people_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_people" ADD CONSTRAINT "roster_people_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_units" ADD CONSTRAINT "task_units_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_units" ADD CONSTRAINT "task_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_members" ADD CONSTRAINT "unit_group_members_group_id_units_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_members" ADD CONSTRAINT "unit_group_members_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulletins_plan_kind_period" ON "bulletins" USING btree ("plan_id","kind","period");--> statement-breakpoint
CREATE UNIQUE INDEX "collections_plan_kind_period" ON "collections" USING btree ("plan_id","kind","period");--> statement-breakpoint
CREATE INDEX "collections_plan_state" ON "collections" USING btree ("plan_id","state");--> statement-breakpoint
CREATE INDEX "report_requests_unit" ON "report_requests" USING btree ("unit_id","collection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_request_revision" ON "reports" USING btree ("request_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_idempotency" ON "reports" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_cards_unique" ON "unit_cards" USING btree ("collection_id","unit_id","recipient");--> statement-breakpoint
CREATE INDEX "audit_plan_at" ON "audit_log" USING btree ("plan_id","at");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("state","not_before") WHERE "outbox"."state" in ('pending','sending');--> statement-breakpoint
CREATE INDEX "outbox_plan_state" ON "outbox" USING btree ("plan_id","state");--> statement-breakpoint
CREATE INDEX "processed_events_received" ON "processed_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "bind_requests_plan_state" ON "bind_requests" USING btree ("plan_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_members_pk" ON "chat_members" USING btree ("chat_id","open_id");--> statement-breakpoint
CREATE INDEX "chat_members_open_id" ON "chat_members" USING btree ("open_id");--> statement-breakpoint
CREATE INDEX "chats_plan" ON "chats" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_role_unique" ON "members" USING btree ("plan_id","open_id","role",coalesce("unit_id", 0));--> statement-breakpoint
CREATE UNIQUE INDEX "members_one_liaison" ON "members" USING btree ("plan_id","unit_id") WHERE "members"."role" = 'liaison';--> statement-breakpoint
CREATE INDEX "members_plan_unit" ON "members" USING btree ("plan_id","unit_id");--> statement-breakpoint
CREATE INDEX "members_open_id" ON "members" USING btree ("open_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_plan_key" ON "indicators" USING btree ("plan_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "milestones_phase_ordinal" ON "milestones" USING btree ("phase_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "phases_plan_ordinal" ON "phases" USING btree ("plan_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "roster_plan_ordinal" ON "roster_people" USING btree ("plan_id","ordinal");--> statement-breakpoint
CREATE INDEX "roster_plan_name" ON "roster_people" USING btree ("plan_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "sections_plan_no" ON "sections" USING btree ("plan_id","no");--> statement-breakpoint
CREATE UNIQUE INDEX "task_units_pk" ON "task_units" USING btree ("task_id","unit_id","role");--> statement-breakpoint
CREATE INDEX "task_units_unit" ON "task_units" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_plan_code" ON "tasks" USING btree ("plan_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_group_members_pk" ON "unit_group_members" USING btree ("group_id","unit_id");--> statement-breakpoint
CREATE INDEX "unit_group_members_unit" ON "unit_group_members" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_plan_name" ON "units" USING btree ("plan_id","name");