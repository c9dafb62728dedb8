ALTER TABLE "organizations" ADD COLUMN "member_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "organizations" SET "member_count" = (SELECT count(*) FROM "memberships" WHERE "memberships"."org_id" = "organizations"."id");--> statement-breakpoint
CREATE FUNCTION "count_organization_members"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "organizations" SET "member_count" = "member_count" + 1 WHERE "id" = NEW."org_id";
  ELSE
    UPDATE "organizations" SET "member_count" = "member_count" - 1 WHERE "id" = OLD."org_id";
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "memberships_count" AFTER INSERT OR DELETE ON "memberships" FOR EACH ROW EXECUTE FUNCTION "count_organization_members"();
