DROP INDEX "audit_events_org_idx";--> statement-breakpoint
CREATE INDEX "audit_events_org_actor_idx" ON "audit_events" USING btree ("org_id","actor_user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_org_resource_idx" ON "audit_events" USING btree ("org_id",split_part("action", '.', 1),"created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_org_target_idx" ON "audit_events" USING btree ("org_id","target_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_app_idx" ON "audit_events" USING btree ("app_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_org_finance_idx" ON "audit_events" USING btree ("org_id","created_at","id") WHERE split_part("audit_events"."action", '.', 1) in ('plan', 'budget', 'statement');--> statement-breakpoint
CREATE INDEX "audit_events_org_idx" ON "audit_events" USING btree ("org_id","created_at","id");