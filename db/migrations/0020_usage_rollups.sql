CREATE TABLE "api_usage_app_monthly" (
	"owner_org_id" text NOT NULL,
	"month" date NOT NULL,
	"app_ref" text NOT NULL,
	"endpoint" text NOT NULL,
	"calls" bigint NOT NULL,
	CONSTRAINT "api_usage_app_monthly_pk" PRIMARY KEY("owner_org_id","month","app_ref","endpoint")
);
--> statement-breakpoint
CREATE TABLE "api_usage_credential_monthly" (
	"owner_org_id" text NOT NULL,
	"month" date NOT NULL,
	"credential_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"calls" bigint NOT NULL,
	CONSTRAINT "api_usage_credential_monthly_pk" PRIMARY KEY("owner_org_id","month","credential_id","endpoint")
);
--> statement-breakpoint
CREATE TABLE "api_usage_daily" (
	"owner_org_id" text NOT NULL,
	"day" date NOT NULL,
	"endpoint" text NOT NULL,
	"calls" bigint NOT NULL,
	CONSTRAINT "api_usage_daily_pk" PRIMARY KEY("owner_org_id","day","endpoint")
);
--> statement-breakpoint
CREATE INDEX "nodepool_node_counts_org_nodepool_at_idx" ON "nodepool_node_counts" USING btree ("org_id","nodepool_ref","at");--> statement-breakpoint
-- Keeps api_usage_app_monthly, api_usage_credential_monthly and api_usage_daily equal to the sums
-- of api_usage: every statement that inserts, updates or deletes usage rows (an upsert fires both
-- INSERT and UPDATE; a cascaded delete of an app, credential or organization fires DELETE) adds
-- the calls it added and takes away the calls it removed. Rows brought to zero are removed.
CREATE FUNCTION api_usage_roll_up() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT owner_org_id, hour, app_ref, credential_id, endpoint, calls FROM added_rows'
    WHEN 'DELETE' THEN 'SELECT owner_org_id, hour, app_ref, credential_id, endpoint, -calls FROM removed_rows'
    ELSE 'SELECT owner_org_id, hour, app_ref, credential_id, endpoint, calls FROM added_rows UNION ALL SELECT owner_org_id, hour, app_ref, credential_id, endpoint, -calls FROM removed_rows'
  END;
BEGIN
  EXECUTE format($sql$
    WITH changes (owner_org_id, hour, app_ref, credential_id, endpoint, calls) AS (%s),
    by_app AS (
      INSERT INTO api_usage_app_monthly AS m (owner_org_id, month, app_ref, endpoint, calls)
      SELECT owner_org_id, date_trunc('month', hour AT TIME ZONE 'UTC')::date, app_ref, endpoint, sum(calls)
      FROM changes WHERE owner_org_id IS NOT NULL AND app_ref IS NOT NULL
      GROUP BY 1, 2, 3, 4 HAVING sum(calls) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (owner_org_id, month, app_ref, endpoint) DO UPDATE SET calls = m.calls + excluded.calls
    ),
    by_credential AS (
      INSERT INTO api_usage_credential_monthly AS m (owner_org_id, month, credential_id, endpoint, calls)
      SELECT owner_org_id, date_trunc('month', hour AT TIME ZONE 'UTC')::date, credential_id, endpoint, sum(calls)
      FROM changes WHERE owner_org_id IS NOT NULL AND app_ref IS NOT NULL
      GROUP BY 1, 2, 3, 4 HAVING sum(calls) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (owner_org_id, month, credential_id, endpoint) DO UPDATE SET calls = m.calls + excluded.calls
    )
    INSERT INTO api_usage_daily AS d (owner_org_id, day, endpoint, calls)
    SELECT owner_org_id, (hour AT TIME ZONE 'UTC')::date, endpoint, sum(calls)
    FROM changes WHERE owner_org_id IS NOT NULL AND app_ref IS NOT NULL
    GROUP BY 1, 2, 3 HAVING sum(calls) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (owner_org_id, day, endpoint) DO UPDATE SET calls = d.calls + excluded.calls
  $sql$, changes);
  -- Only an update or a delete can bring a sum down to zero; the keys it touched are looked up.
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM api_usage_app_monthly m USING removed_rows r
    WHERE m.calls = 0 AND m.owner_org_id = r.owner_org_id AND m.month = date_trunc('month', r.hour AT TIME ZONE 'UTC')::date
      AND m.app_ref = r.app_ref AND m.endpoint = r.endpoint;
    DELETE FROM api_usage_credential_monthly m USING removed_rows r
    WHERE m.calls = 0 AND m.owner_org_id = r.owner_org_id AND m.month = date_trunc('month', r.hour AT TIME ZONE 'UTC')::date
      AND m.credential_id = r.credential_id AND m.endpoint = r.endpoint;
    DELETE FROM api_usage_daily d USING removed_rows r
    WHERE d.calls = 0 AND d.owner_org_id = r.owner_org_id AND d.day = (r.hour AT TIME ZONE 'UTC')::date AND d.endpoint = r.endpoint;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER api_usage_roll_up_insert AFTER INSERT ON api_usage REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION api_usage_roll_up();
--> statement-breakpoint
CREATE TRIGGER api_usage_roll_up_update AFTER UPDATE ON api_usage REFERENCING OLD TABLE AS removed_rows NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION api_usage_roll_up();
--> statement-breakpoint
CREATE TRIGGER api_usage_roll_up_delete AFTER DELETE ON api_usage REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION api_usage_roll_up();
--> statement-breakpoint
-- The usage metered before this migration.
INSERT INTO api_usage_app_monthly (owner_org_id, month, app_ref, endpoint, calls)
SELECT owner_org_id, date_trunc('month', hour AT TIME ZONE 'UTC')::date, app_ref, endpoint, sum(calls)
FROM api_usage WHERE owner_org_id IS NOT NULL AND app_ref IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO api_usage_credential_monthly (owner_org_id, month, credential_id, endpoint, calls)
SELECT owner_org_id, date_trunc('month', hour AT TIME ZONE 'UTC')::date, credential_id, endpoint, sum(calls)
FROM api_usage WHERE owner_org_id IS NOT NULL AND app_ref IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO api_usage_daily (owner_org_id, day, endpoint, calls)
SELECT owner_org_id, (hour AT TIME ZONE 'UTC')::date, endpoint, sum(calls)
FROM api_usage WHERE owner_org_id IS NOT NULL AND app_ref IS NOT NULL GROUP BY 1, 2, 3;
