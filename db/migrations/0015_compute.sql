CREATE TABLE "clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"name" text NOT NULL,
	"cloud_provider" text NOT NULL,
	"region" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clusters_id_org_unique" UNIQUE("id","org_id")
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"nodepool_ref" text NOT NULL,
	"deployment_id" text NOT NULL,
	"app_ref" text NOT NULL,
	"model_id" text NOT NULL,
	"model_version" text DEFAULT '' NOT NULL,
	"min_replicas" integer NOT NULL,
	"max_replicas" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployments_replica_range" CHECK (0 <= "deployments"."min_replicas" and "deployments"."min_replicas" <= "deployments"."max_replicas")
);
--> statement-breakpoint
CREATE TABLE "environments" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "environments_id_org_unique" UNIQUE("id","org_id")
);
--> statement-breakpoint
CREATE TABLE "nodepool_node_counts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"nodepool_ref" text NOT NULL,
	"cluster_id" text NOT NULL,
	"nodepool_id" text NOT NULL,
	"instance_type" text NOT NULL,
	"node_count" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"changed_by" text,
	CONSTRAINT "nodepool_node_counts_count" CHECK ("nodepool_node_counts"."node_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "nodepools" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"cluster_ref" text NOT NULL,
	"nodepool_id" text NOT NULL,
	"environment_id" text NOT NULL,
	"instance_type" text NOT NULL,
	"min_nodes" integer NOT NULL,
	"max_nodes" integer NOT NULL,
	"node_count" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nodepools_id_org_unique" UNIQUE("id","org_id"),
	CONSTRAINT "nodepools_node_range" CHECK (0 <= "nodepools"."min_nodes" and "nodepools"."min_nodes" <= "nodepools"."max_nodes" and "nodepools"."node_count" between "nodepools"."min_nodes" and "nodepools"."max_nodes")
);
--> statement-breakpoint
ALTER TABLE "permission_groups" ADD COLUMN "environments" jsonb DEFAULT '{"all": "none", "overrides": {}}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_app_ref_apps_id_fk" FOREIGN KEY ("app_ref") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_nodepool_fk" FOREIGN KEY ("nodepool_ref","org_id") REFERENCES "public"."nodepools"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_fk" FOREIGN KEY ("app_ref","model_id") REFERENCES "public"."models"("app_ref","model_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environments" ADD CONSTRAINT "environments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodepool_node_counts" ADD CONSTRAINT "nodepool_node_counts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodepool_node_counts" ADD CONSTRAINT "nodepool_node_counts_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodepools" ADD CONSTRAINT "nodepools_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodepools" ADD CONSTRAINT "nodepools_cluster_fk" FOREIGN KEY ("cluster_ref","org_id") REFERENCES "public"."clusters"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodepools" ADD CONSTRAINT "nodepools_environment_fk" FOREIGN KEY ("environment_id","org_id") REFERENCES "public"."environments"("id","org_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_org_cluster_id_unique" ON "clusters" USING btree ("org_id","cluster_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_nodepool_model_unique" ON "deployments" USING btree ("nodepool_ref","app_ref","model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_org_deployment_id_unique" ON "deployments" USING btree ("org_id","deployment_id");--> statement-breakpoint
CREATE INDEX "deployments_app_idx" ON "deployments" USING btree ("app_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "environments_org_name_unique" ON "environments" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "nodepool_node_counts_nodepool_at_idx" ON "nodepool_node_counts" USING btree ("nodepool_ref","at");--> statement-breakpoint
CREATE INDEX "nodepool_node_counts_org_at_idx" ON "nodepool_node_counts" USING btree ("org_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "nodepools_cluster_nodepool_id_unique" ON "nodepools" USING btree ("cluster_ref","nodepool_id");--> statement-breakpoint
CREATE INDEX "nodepools_org_environment_idx" ON "nodepools" USING btree ("org_id","environment_id");--> statement-breakpoint
-- Every organization starts with Development and Production (new ones get them when created).
INSERT INTO "environments" ("id", "org_id", "name")
SELECT 'env_' || replace(gen_random_uuid()::text, '-', ''), "organizations"."id", "names"."name"
FROM "organizations" CROSS JOIN (VALUES ('Development'), ('Production')) AS "names"("name");
