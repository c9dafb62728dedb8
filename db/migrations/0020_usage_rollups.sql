CREATE TABLE "api_endpoint_categories" (
	"endpoint" text PRIMARY KEY NOT NULL,
	"category" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_usage_app_monthly" (
	"owner_org_id" text NOT NULL,
	"month" date NOT NULL,
	"app_ref" text NOT NULL,
	"category" text NOT NULL,
	"calls" bigint NOT NULL,
	CONSTRAINT "api_usage_app_monthly_pk" PRIMARY KEY("owner_org_id","month","app_ref","category")
);
--> statement-breakpoint
CREATE TABLE "api_usage_credential_monthly" (
	"owner_org_id" text NOT NULL,
	"month" date NOT NULL,
	"credential_id" text NOT NULL,
	"category" text NOT NULL,
	"calls" bigint NOT NULL,
	CONSTRAINT "api_usage_credential_monthly_pk" PRIMARY KEY("owner_org_id","month","credential_id","category")
);
--> statement-breakpoint
CREATE TABLE "api_usage_daily" (
	"owner_org_id" text NOT NULL,
	"day" date NOT NULL,
	"category" text NOT NULL,
	"calls" bigint NOT NULL,
	CONSTRAINT "api_usage_daily_pk" PRIMARY KEY("owner_org_id","day","category")
);
--> statement-breakpoint
CREATE INDEX "nodepool_node_counts_org_nodepool_at_idx" ON "nodepool_node_counts" USING btree ("org_id","nodepool_ref","at");--> statement-breakpoint
-- Each endpoint's price category as lib/finance/categories.ts has it today.
INSERT INTO api_endpoint_categories (endpoint, category) VALUES
  ('/clarifai.api.V2/DeleteAnnotation', 'other_writes'),
  ('/clarifai.api.V2/DeleteAnnotations', 'other_writes'),
  ('/clarifai.api.V2/DeleteApp', 'other_writes'),
  ('/clarifai.api.V2/DeleteCollaborators', 'other_writes'),
  ('/clarifai.api.V2/DeleteCollectors', 'other_writes'),
  ('/clarifai.api.V2/DeleteComputeClusters', 'other_writes'),
  ('/clarifai.api.V2/DeleteDeployments', 'other_writes'),
  ('/clarifai.api.V2/DeleteInput', 'input_writes'),
  ('/clarifai.api.V2/DeleteInputs', 'input_writes'),
  ('/clarifai.api.V2/DeleteKey', 'other_writes'),
  ('/clarifai.api.V2/DeleteModel', 'other_writes'),
  ('/clarifai.api.V2/DeleteModelVersion', 'other_writes'),
  ('/clarifai.api.V2/DeleteModels', 'other_writes'),
  ('/clarifai.api.V2/DeleteNodepools', 'other_writes'),
  ('/clarifai.api.V2/DeleteTasks', 'other_writes'),
  ('/clarifai.api.V2/DeleteWorkflow', 'other_writes'),
  ('/clarifai.api.V2/DeleteWorkflows', 'other_writes'),
  ('/clarifai.api.V2/GetAnnotation', 'reads'),
  ('/clarifai.api.V2/GetApp', 'reads'),
  ('/clarifai.api.V2/GetCollector', 'reads'),
  ('/clarifai.api.V2/GetComputeCluster', 'reads'),
  ('/clarifai.api.V2/GetConcept', 'reads'),
  ('/clarifai.api.V2/GetConceptCounts', 'reads'),
  ('/clarifai.api.V2/GetDeployment', 'reads'),
  ('/clarifai.api.V2/GetInput', 'reads'),
  ('/clarifai.api.V2/GetInputCount', 'reads'),
  ('/clarifai.api.V2/GetKey', 'reads'),
  ('/clarifai.api.V2/GetModel', 'reads'),
  ('/clarifai.api.V2/GetModelOutputInfo', 'reads'),
  ('/clarifai.api.V2/GetModelVersion', 'reads'),
  ('/clarifai.api.V2/GetModelVersionMetrics', 'reads'),
  ('/clarifai.api.V2/GetNodepool', 'reads'),
  ('/clarifai.api.V2/GetTask', 'reads'),
  ('/clarifai.api.V2/GetWorkflow', 'reads'),
  ('/clarifai.api.V2/ListAnnotations', 'reads'),
  ('/clarifai.api.V2/ListAppKeys', 'reads'),
  ('/clarifai.api.V2/ListApps', 'reads'),
  ('/clarifai.api.V2/ListCollaborations', 'reads'),
  ('/clarifai.api.V2/ListCollaborators', 'reads'),
  ('/clarifai.api.V2/ListCollectors', 'reads'),
  ('/clarifai.api.V2/ListComputeClusters', 'reads'),
  ('/clarifai.api.V2/ListConcepts', 'reads'),
  ('/clarifai.api.V2/ListDeployments', 'reads'),
  ('/clarifai.api.V2/ListInputs', 'reads'),
  ('/clarifai.api.V2/ListKeys', 'reads'),
  ('/clarifai.api.V2/ListModelInputs', 'reads'),
  ('/clarifai.api.V2/ListModelVersions', 'reads'),
  ('/clarifai.api.V2/ListModels', 'reads'),
  ('/clarifai.api.V2/ListNodepools', 'reads'),
  ('/clarifai.api.V2/ListScopes', 'reads'),
  ('/clarifai.api.V2/ListTasks', 'reads'),
  ('/clarifai.api.V2/ListWorkflows', 'reads'),
  ('/clarifai.api.V2/MyScopes', 'reads'),
  ('/clarifai.api.V2/MyScopesUser', 'reads'),
  ('/clarifai.api.V2/PatchAnnotations', 'other_writes'),
  ('/clarifai.api.V2/PatchApp', 'other_writes'),
  ('/clarifai.api.V2/PatchApps', 'other_writes'),
  ('/clarifai.api.V2/PatchCollaborators', 'other_writes'),
  ('/clarifai.api.V2/PatchCollectors', 'other_writes'),
  ('/clarifai.api.V2/PatchComputeClusters', 'other_writes'),
  ('/clarifai.api.V2/PatchConcepts', 'other_writes'),
  ('/clarifai.api.V2/PatchDeployments', 'other_writes'),
  ('/clarifai.api.V2/PatchInputs', 'input_writes'),
  ('/clarifai.api.V2/PatchKeys', 'other_writes'),
  ('/clarifai.api.V2/PatchModels', 'other_writes'),
  ('/clarifai.api.V2/PatchNodepools', 'other_writes'),
  ('/clarifai.api.V2/PatchTasks', 'other_writes'),
  ('/clarifai.api.V2/PatchWorkflows', 'other_writes'),
  ('/clarifai.api.V2/PostAnnotations', 'other_writes'),
  ('/clarifai.api.V2/PostAnnotationsSearches', 'search'),
  ('/clarifai.api.V2/PostApps', 'other_writes'),
  ('/clarifai.api.V2/PostCollaborators', 'other_writes'),
  ('/clarifai.api.V2/PostCollectors', 'other_writes'),
  ('/clarifai.api.V2/PostComputeClusters', 'other_writes'),
  ('/clarifai.api.V2/PostConcepts', 'other_writes'),
  ('/clarifai.api.V2/PostConceptsSearches', 'search'),
  ('/clarifai.api.V2/PostDeployments', 'other_writes'),
  ('/clarifai.api.V2/PostInputs', 'input_writes'),
  ('/clarifai.api.V2/PostKeys', 'other_writes'),
  ('/clarifai.api.V2/PostModelOutputs', 'predict'),
  ('/clarifai.api.V2/PostModelVersionMetrics', 'train'),
  ('/clarifai.api.V2/PostModelVersions', 'train'),
  ('/clarifai.api.V2/PostModels', 'other_writes'),
  ('/clarifai.api.V2/PostModelsSearches', 'search'),
  ('/clarifai.api.V2/PostNodepools', 'other_writes'),
  ('/clarifai.api.V2/PostSearches', 'search'),
  ('/clarifai.api.V2/PostTasks', 'other_writes'),
  ('/clarifai.api.V2/PostWorkflowResults', 'predict'),
  ('/clarifai.api.V2/PostWorkflows', 'other_writes');
--> statement-breakpoint
-- Keeps api_usage_app_monthly, api_usage_credential_monthly and api_usage_daily equal to the sums
-- of api_usage by category: every statement that inserts, updates or deletes usage rows (an upsert
-- fires both INSERT and UPDATE; a cascaded delete of an app, credential or organization fires
-- DELETE) adds the calls it added and takes away the calls it removed, under the category of each
-- row's endpoint (a read when the endpoint has none). Rows brought to zero are removed.
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
    categorized AS (
      SELECT c.owner_org_id, c.hour, c.app_ref, c.credential_id, coalesce(e.category, 'reads') AS category, c.calls
      FROM changes c LEFT JOIN api_endpoint_categories e ON e.endpoint = c.endpoint
      WHERE c.owner_org_id IS NOT NULL AND c.app_ref IS NOT NULL
    ),
    by_app AS (
      INSERT INTO api_usage_app_monthly AS m (owner_org_id, month, app_ref, category, calls)
      SELECT owner_org_id, date_trunc('month', hour AT TIME ZONE 'UTC')::date, app_ref, category, sum(calls)
      FROM categorized GROUP BY 1, 2, 3, 4 HAVING sum(calls) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (owner_org_id, month, app_ref, category) DO UPDATE SET calls = m.calls + excluded.calls
    ),
    by_credential AS (
      INSERT INTO api_usage_credential_monthly AS m (owner_org_id, month, credential_id, category, calls)
      SELECT owner_org_id, date_trunc('month', hour AT TIME ZONE 'UTC')::date, credential_id, category, sum(calls)
      FROM categorized GROUP BY 1, 2, 3, 4 HAVING sum(calls) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (owner_org_id, month, credential_id, category) DO UPDATE SET calls = m.calls + excluded.calls
    )
    INSERT INTO api_usage_daily AS d (owner_org_id, day, category, calls)
    SELECT owner_org_id, (hour AT TIME ZONE 'UTC')::date, category, sum(calls)
    FROM categorized GROUP BY 1, 2, 3 HAVING sum(calls) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (owner_org_id, day, category) DO UPDATE SET calls = d.calls + excluded.calls
  $sql$, changes);
  -- Only an update or a delete can bring a sum down to zero; the keys it touched are looked up.
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM api_usage_app_monthly m USING removed_rows r LEFT JOIN api_endpoint_categories e ON e.endpoint = r.endpoint
    WHERE m.calls = 0 AND m.owner_org_id = r.owner_org_id AND m.month = date_trunc('month', r.hour AT TIME ZONE 'UTC')::date
      AND m.app_ref = r.app_ref AND m.category = coalesce(e.category, 'reads');
    DELETE FROM api_usage_credential_monthly m USING removed_rows r LEFT JOIN api_endpoint_categories e ON e.endpoint = r.endpoint
    WHERE m.calls = 0 AND m.owner_org_id = r.owner_org_id AND m.month = date_trunc('month', r.hour AT TIME ZONE 'UTC')::date
      AND m.credential_id = r.credential_id AND m.category = coalesce(e.category, 'reads');
    DELETE FROM api_usage_daily d USING removed_rows r LEFT JOIN api_endpoint_categories e ON e.endpoint = r.endpoint
    WHERE d.calls = 0 AND d.owner_org_id = r.owner_org_id AND d.day = (r.hour AT TIME ZONE 'UTC')::date AND d.category = coalesce(e.category, 'reads');
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
INSERT INTO api_usage_app_monthly (owner_org_id, month, app_ref, category, calls)
SELECT u.owner_org_id, date_trunc('month', u.hour AT TIME ZONE 'UTC')::date, u.app_ref, coalesce(e.category, 'reads'), sum(u.calls)
FROM api_usage u LEFT JOIN api_endpoint_categories e ON e.endpoint = u.endpoint
WHERE u.owner_org_id IS NOT NULL AND u.app_ref IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO api_usage_credential_monthly (owner_org_id, month, credential_id, category, calls)
SELECT u.owner_org_id, date_trunc('month', u.hour AT TIME ZONE 'UTC')::date, u.credential_id, coalesce(e.category, 'reads'), sum(u.calls)
FROM api_usage u LEFT JOIN api_endpoint_categories e ON e.endpoint = u.endpoint
WHERE u.owner_org_id IS NOT NULL AND u.app_ref IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO api_usage_daily (owner_org_id, day, category, calls)
SELECT u.owner_org_id, (u.hour AT TIME ZONE 'UTC')::date, coalesce(e.category, 'reads'), sum(u.calls)
FROM api_usage u LEFT JOIN api_endpoint_categories e ON e.endpoint = u.endpoint
WHERE u.owner_org_id IS NOT NULL AND u.app_ref IS NOT NULL GROUP BY 1, 2, 3;
