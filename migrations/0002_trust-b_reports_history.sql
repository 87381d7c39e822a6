ALTER TABLE "collections" DROP CONSTRAINT "collections_plan_id_plans_id_fk";
--> statement-breakpoint
ALTER TABLE "report_requests" DROP CONSTRAINT "report_requests_collection_id_collections_id_fk";
--> statement-breakpoint
ALTER TABLE "report_requests" DROP CONSTRAINT "report_requests_unit_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "report_requests" DROP CONSTRAINT "report_requests_task_id_tasks_id_fk";
--> statement-breakpoint
ALTER TABLE "reports" DROP CONSTRAINT "reports_request_id_report_requests_id_fk";
--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_requests" ADD CONSTRAINT "report_requests_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_request_id_report_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."report_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- Reports and audit entries are history: a stored row is never changed or removed, whoever writes.
-- Row triggers also fire for rows reached by a cascade, so no delete elsewhere can take them along.
CREATE OR REPLACE FUNCTION duban_refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'duban: % rows are history and cannot be %d', TG_TABLE_NAME, lower(TG_OP)
    USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER reports_are_history BEFORE UPDATE OR DELETE ON "reports"
  FOR EACH ROW EXECUTE FUNCTION duban_refuse_history_change();--> statement-breakpoint
CREATE TRIGGER audit_log_is_history BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION duban_refuse_history_change();
