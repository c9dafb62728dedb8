CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "users_name_trgm_idx" ON "users" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_handle_trgm_idx" ON "users" USING gin ("handle" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "apps_app_id_trgm_idx" ON "apps" USING gin ("app_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "apps_name_trgm_idx" ON "apps" USING gin ("name" gin_trgm_ops);