DROP INDEX "processed_events_received";--> statement-breakpoint
CREATE INDEX "processed_events_received" ON "processed_events" USING brin ("received_at");