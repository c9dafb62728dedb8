ALTER TABLE "memberships" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "memberships" SET "search_text" = lower("users"."name" || ' ' || "users"."email" || ' ' || "users"."handle") FROM "users" WHERE "users"."id" = "memberships"."user_id";--> statement-breakpoint
CREATE OR REPLACE FUNCTION "membership_sort_name"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT lower("name"), lower("name" || ' ' || "email" || ' ' || "handle") INTO NEW."sort_name", NEW."search_text" FROM "users" WHERE "id" = NEW."user_id";
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "user_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "memberships" SET "sort_name" = lower(NEW."name"), "search_text" = lower(NEW."name" || ' ' || NEW."email" || ' ' || NEW."handle") WHERE "user_id" = NEW."id";
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER "users_renamed" ON "users";--> statement-breakpoint
CREATE TRIGGER "users_renamed" AFTER UPDATE OF "name", "email", "handle" ON "users" FOR EACH ROW
  WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."email" IS DISTINCT FROM NEW."email" OR OLD."handle" IS DISTINCT FROM NEW."handle")
  EXECUTE FUNCTION "user_renamed"();
