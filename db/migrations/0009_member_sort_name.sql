ALTER TABLE "memberships" ADD COLUMN "sort_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "memberships_org_sort_idx" ON "memberships" USING btree ("org_id","sort_name","user_id");--> statement-breakpoint
UPDATE "memberships" SET "sort_name" = lower("users"."name") FROM "users" WHERE "users"."id" = "memberships"."user_id";--> statement-breakpoint
CREATE FUNCTION "membership_sort_name"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."sort_name" := (SELECT lower("name") FROM "users" WHERE "id" = NEW."user_id");
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "memberships_sort_name" BEFORE INSERT ON "memberships" FOR EACH ROW EXECUTE FUNCTION "membership_sort_name"();--> statement-breakpoint
CREATE FUNCTION "user_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "memberships" SET "sort_name" = lower(NEW."name") WHERE "user_id" = NEW."id";
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "users_renamed" AFTER UPDATE OF "name" ON "users" FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "user_renamed"();
