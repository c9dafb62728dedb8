CREATE TABLE "annotations" (
	"id" text PRIMARY KEY NOT NULL,
	"app_ref" text NOT NULL,
	"annotation_id" text NOT NULL,
	"input_ref" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_usage" (
	"hour" timestamp with time zone NOT NULL,
	"app_ref" text NOT NULL,
	"credential_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"owner_org_id" text,
	"owner_user_id" text,
	"calls" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "api_usage_app_ref_credential_id_endpoint_hour_pk" PRIMARY KEY("app_ref","credential_id","endpoint","hour")
);
--> statement-breakpoint
CREATE TABLE "concepts" (
	"app_ref" text NOT NULL,
	"concept_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concepts_app_ref_concept_id_pk" PRIMARY KEY("app_ref","concept_id")
);
--> statement-breakpoint
CREATE TABLE "inputs" (
	"id" text PRIMARY KEY NOT NULL,
	"app_ref" text NOT NULL,
	"input_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inputs_app_ref_id_unique" UNIQUE("app_ref","id")
);
--> statement-breakpoint
CREATE TABLE "models" (
	"app_ref" text NOT NULL,
	"model_id" text NOT NULL,
	"name" text NOT NULL,
	"model_type_id" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"concept_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_app_ref_model_id_pk" PRIMARY KEY("app_ref","model_id")
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"app_ref" text NOT NULL,
	"workflow_id" text NOT NULL,
	"nodes" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflows_app_ref_workflow_id_pk" PRIMARY KEY("app_ref","workflow_id")
);
--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_app_ref_apps_id_fk" FOREIGN KEY ("app_ref") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_input_fk" FOREIGN KEY ("app_ref","input_ref") REFERENCES "public"."inputs"("app_ref","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_usage" ADD CONSTRAINT "api_usage_app_ref_apps_id_fk" FOREIGN KEY ("app_ref") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_usage" ADD CONSTRAINT "api_usage_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_usage" ADD CONSTRAINT "api_usage_owner_org_id_organizations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_usage" ADD CONSTRAINT "api_usage_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concepts" ADD CONSTRAINT "concepts_app_ref_apps_id_fk" FOREIGN KEY ("app_ref") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inputs" ADD CONSTRAINT "inputs_app_ref_apps_id_fk" FOREIGN KEY ("app_ref") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inputs" ADD CONSTRAINT "inputs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_app_ref_apps_id_fk" FOREIGN KEY ("app_ref") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_app_ref_apps_id_fk" FOREIGN KEY ("app_ref") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annotations_app_annotation_id_unique" ON "annotations" USING btree ("app_ref","annotation_id");--> statement-breakpoint
CREATE INDEX "annotations_input_idx" ON "annotations" USING btree ("input_ref");--> statement-breakpoint
CREATE INDEX "annotations_app_created_idx" ON "annotations" USING btree ("app_ref","created_at","id");--> statement-breakpoint
CREATE INDEX "annotations_data_gin_idx" ON "annotations" USING gin ("data" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "api_usage_org_hour_idx" ON "api_usage" USING btree ("owner_org_id","hour");--> statement-breakpoint
CREATE INDEX "api_usage_user_hour_idx" ON "api_usage" USING btree ("owner_user_id","hour");--> statement-breakpoint
CREATE UNIQUE INDEX "inputs_app_input_id_unique" ON "inputs" USING btree ("app_ref","input_id");--> statement-breakpoint
CREATE INDEX "inputs_app_created_idx" ON "inputs" USING btree ("app_ref","created_at","id");--> statement-breakpoint
CREATE INDEX "inputs_data_gin_idx" ON "inputs" USING gin ("data" jsonb_path_ops);