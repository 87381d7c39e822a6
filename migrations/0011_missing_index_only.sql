-- The schedule's missing read groups the missing requests per round and unit: with every column it reads in
-- the index, in that order, it is an index-only scan with no sort (see src/db/store/schedule-missing.ts).
DROP INDEX "report_requests_missing";--> statement-breakpoint
CREATE INDEX "report_requests_missing" ON "report_requests" USING btree ("round_id","unit_id","task_id","reopened_until") WHERE "report_requests"."latest_report_id" is null;