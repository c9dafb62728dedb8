ALTER TABLE "api_usage" DROP CONSTRAINT "api_usage_app_ref_credential_id_endpoint_hour_pk";--> statement-breakpoint
ALTER TABLE "api_usage" ALTER COLUMN "app_ref" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "api_usage" ADD CONSTRAINT "api_usage_call_hour_unique" UNIQUE NULLS NOT DISTINCT("app_ref","credential_id","endpoint","hour");