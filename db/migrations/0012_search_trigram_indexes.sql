-- pg_trgm ships with PostgreSQL and is a trusted extension (a database owner may create it); PGlite loads it
-- from its contrib bundle (db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "apps_app_id_trgm_idx" ON "apps" USING gin ("app_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "apps_name_trgm_idx" ON "apps" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "memberships_search_trgm_idx" ON "memberships" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "teams_team_id_trgm_idx" ON "teams" USING gin ("team_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "teams_name_trgm_idx" ON "teams" USING gin ("name" gin_trgm_ops);