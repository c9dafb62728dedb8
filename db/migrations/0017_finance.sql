CREATE TABLE "budget_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"budget_id" text NOT NULL,
	"percent" integer NOT NULL,
	"month" date NOT NULL,
	"spend_minor" bigint NOT NULL,
	"budget_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_alerts_once" UNIQUE("budget_id","percent","month")
);
--> statement-breakpoint
CREATE TABLE "budget_thresholds" (
	"budget_id" text NOT NULL,
	"percent" integer NOT NULL,
	CONSTRAINT "budget_thresholds_budget_id_percent_pk" PRIMARY KEY("budget_id","percent"),
	CONSTRAINT "budget_thresholds_range" CHECK ("budget_thresholds"."percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"app_ref" text,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_org_app_unique" UNIQUE NULLS NOT DISTINCT("org_id","app_ref"),
	CONSTRAINT "budgets_id_org_unique" UNIQUE("id","org_id"),
	CONSTRAINT "budgets_amount_positive" CHECK ("budgets"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "plan_instance_prices" (
	"org_id" text NOT NULL,
	"instance_type" text NOT NULL,
	"minor_per_hour" numeric(20, 4) NOT NULL,
	CONSTRAINT "plan_instance_prices_org_id_instance_type_pk" PRIMARY KEY("org_id","instance_type"),
	CONSTRAINT "plan_instance_prices_positive" CHECK ("plan_instance_prices"."minor_per_hour" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_operation_prices" (
	"org_id" text NOT NULL,
	"category" text NOT NULL,
	"minor_per_thousand" numeric(20, 4) NOT NULL,
	CONSTRAINT "plan_operation_prices_org_id_category_pk" PRIMARY KEY("org_id","category"),
	CONSTRAINT "plan_operation_prices_positive" CHECK ("plan_operation_prices"."minor_per_thousand" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pricing_plans" (
	"org_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"included_credit_minor" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "pricing_plans_credit" CHECK ("pricing_plans"."included_credit_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"statement_id" text NOT NULL,
	"org_id" text NOT NULL,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"app_id" text DEFAULT '' NOT NULL,
	"app_name" text DEFAULT '' NOT NULL,
	"quantity" numeric(24, 6) NOT NULL,
	"unit" text NOT NULL,
	"instance_type" text DEFAULT '' NOT NULL,
	"unit_price_minor" numeric(20, 4) NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "statement_lines_statement_id_position_pk" PRIMARY KEY("statement_id","position")
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"month" date NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"included_credit_minor" bigint NOT NULL,
	"due_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statements_org_month_unique" UNIQUE("org_id","month"),
	CONSTRAINT "statements_id_org_unique" UNIQUE("id","org_id")
);
--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD CONSTRAINT "budget_alerts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD CONSTRAINT "budget_alerts_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_thresholds" ADD CONSTRAINT "budget_thresholds_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_app_fk" FOREIGN KEY ("app_ref","org_id") REFERENCES "public"."apps"("id","owner_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_instance_prices" ADD CONSTRAINT "plan_instance_prices_org_id_pricing_plans_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."pricing_plans"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_operation_prices" ADD CONSTRAINT "plan_operation_prices_org_id_pricing_plans_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."pricing_plans"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_plans" ADD CONSTRAINT "pricing_plans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_plans" ADD CONSTRAINT "pricing_plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_statement_fk" FOREIGN KEY ("statement_id","org_id") REFERENCES "public"."statements"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_alerts_org_month_idx" ON "budget_alerts" USING btree ("org_id","month");--> statement-breakpoint
-- Every existing organization gets the default plan (lib/finance/plan.ts; new ones get it when created).
INSERT INTO "pricing_plans" ("org_id", "name", "currency", "included_credit_minor") SELECT "id", 'Standard', 'USD', 5000 FROM "organizations";--> statement-breakpoint
INSERT INTO "plan_operation_prices" ("org_id", "category", "minor_per_thousand")
SELECT o."id", p."category", p."price" FROM "organizations" o CROSS JOIN (VALUES
  ('predict', 120::numeric), ('train', 500::numeric), ('search', 50::numeric), ('input_writes', 20::numeric), ('other_writes', 10::numeric), ('reads', 1::numeric)
) AS p("category", "price");--> statement-breakpoint
INSERT INTO "plan_instance_prices" ("org_id", "instance_type", "minor_per_hour")
SELECT o."id", p."instance_type", p."price" FROM "organizations" o CROSS JOIN (VALUES
  ('cpu-small', 10::numeric), ('cpu-large', 38::numeric), ('gpu-t4', 53::numeric), ('gpu-a10g', 121::numeric), ('gpu-l40s', 186::numeric)
) AS p("instance_type", "price");
