ALTER TABLE "collaboration_token_offers" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "collaboration_token_offers" CASCADE;--> statement-breakpoint
ALTER TABLE "credentials" ALTER COLUMN "secret_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ALTER COLUMN "hint" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "collaboration_app_id" text;--> statement-breakpoint
ALTER TABLE "collaborator_invitations" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_collaboration_app_id_apps_id_fk" FOREIGN KEY ("collaboration_app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_one_live_collaboration_token" ON "credentials" USING btree ("user_id","collaboration_app_id") WHERE "credentials"."collaboration_app_id" is not null and "credentials"."revoked_at" is null;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_collaboration_token_is_pat" CHECK ("credentials"."collaboration_app_id" is null or "credentials"."kind" = 'pat');--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_hint_with_secret" CHECK (("credentials"."secret_hash" is null) = ("credentials"."hint" is null));--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_only_collaboration_tokens_unrevealed" CHECK ("credentials"."secret_hash" is not null or "credentials"."collaboration_app_id" is not null);--> statement-breakpoint
-- Every existing collaboration gets its token now, unrevealed, with the collaboration's scopes.
INSERT INTO "credentials" ("id", "kind", "user_id", "name", "scopes", "endpoint_scopes", "collaboration_app_id")
SELECT 'key_' || substr(md5(random()::text || "collaborators"."id"), 1, 24), 'pat', "collaborators"."user_id", 'Collaboration', "collaborators"."scopes", "collaborators"."endpoint_scopes", "collaborators"."app_id"
FROM "collaborators";
