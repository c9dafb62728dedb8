import Link from "next/link";
import type { ReactNode } from "react";
import { DeleteBudgetButton, SetBudgetButton } from "@/components/finance/budget-dialogs";
import { EditPlanButton } from "@/components/finance/plan-dialog";
import { SpendChart } from "@/components/finance/spend-chart";
import { Pagination } from "@/components/ui/pagination";
import { instanceName } from "@/components/compute/format";
import { formatCount, formatMoney, formatPrice, formatQuantity, monthLabel, monthParam } from "@/lib/finance/money";
import { loadCosts } from "./load-costs";

function Section({ id, title, description, action, children }: { id: string; title: string; description?: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={id} className="text-base font-semibold">
            {title}
          </h2>
          {description ? <p className="text-sm text-slate-600">{description}</p> : null}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">{children}</p>;
}

const th = "px-3 py-2 font-medium";
const td = "px-3 py-2";
const num = "px-3 py-2 text-right tabular-nums";

export default async function CostsPage({ params, searchParams }: { params: Promise<{ ownerId: string }>; searchParams: Promise<{ page?: string | string[] }> }) {
  const { page } = await searchParams;
  const { org, view, base } = await loadCosts((await params).ownerId, typeof page === "string" ? page : undefined);
  const { plan, totals } = view;
  const money = (minor: number) => formatMoney(minor, plan.currency);
  const monthName = monthLabel(view.month);
  const orgBudget = view.budgets.find((budget) => budget.appRef === null);
  const { appPage } = view;
  const unattributed = appPage.unattributedCompute;
  const pagination = <Pagination basePath={base} params={{}} page={appPage.page} pageSize={appPage.pageSize} total={appPage.total} />;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Costs</h1>
          <p className="text-sm text-slate-600">
            {monthName} so far, priced with the {plan.name} plan ({plan.currency}). Months are calendar months in UTC.
          </p>
        </div>
        {view.may.manage ? <EditPlanButton org={org.handle} plan={plan} /> : null}
      </div>

      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {[
          { term: "Spend this month", value: money(totals.totalMinor), note: `as of ${view.asOf.slice(0, 16).replace("T", " ")} UTC` },
          { term: "Included credit left", value: money(view.creditLeftMinor), note: `of ${money(plan.includedCreditMinor)} included each month` },
          { term: "Projected to month end", value: money(view.projectedMinor), note: "if spend goes on at this month's pace" },
          {
            term: "Organization budget",
            value: orgBudget ? `${money(orgBudget.spendMinor)} of ${money(orgBudget.amountMinor)}` : "No budget",
            note: orgBudget ? `${Math.floor((orgBudget.spendMinor * 100) / orgBudget.amountMinor)} % used` : view.may.manage ? "Set one below" : "Admins set budgets",
          },
        ].map((card) => (
          <div key={card.term} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">{card.term}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums">{card.value}</dd>
            <dd className="text-xs text-slate-500">{card.note}</dd>
          </div>
        ))}
      </dl>

      <Section id="daily-heading" title="Spend by day" description="Each day is priced on its own, so days may differ from the month's total by a cent of rounding.">
        <SpendChart days={view.daily} currency={plan.currency} monthName={monthName} />
      </Section>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_3fr]">
        <Section id="category-heading" title="Spend by category">
          {totals.byCategory.length === 0 ? (
            <Empty>Nothing spent this month yet.</Empty>
          ) : (
            <table aria-label="Spend by category" className="w-full text-sm">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className={th}>Category</th>
                  <th className={`${th} text-right`}>Quantity</th>
                  <th className={`${th} text-right`}>Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {totals.byCategory.map((category) => (
                  <tr key={category.category}>
                    <td className={td}>{category.label}</td>
                    <td className={num}>{category.category === "compute" ? `${formatQuantity(category.quantity)} node-hours` : `${formatQuantity(category.quantity)} operations`}</td>
                    <td className={num}>{money(category.amountMinor)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="font-semibold">
                  <td className={td}>Total</td>
                  <td />
                  <td className={num}>{money(totals.totalMinor)}</td>
                </tr>
              </tfoot>
            </table>
          )}
        </Section>

        <Section
          id="app-heading"
          title="Spend by app"
          description="API operations and the compute that served each app's models, the most costly first. A nodepool's node-hours are shared equally among the deployments on it; those of a nodepool with none are unattributed compute."
          action={
            appPage.total > 0 ? (
              <Link href={`${base}/lines`} className="text-sm font-medium text-brand-600 hover:underline">
                Lines by category
              </Link>
            ) : null
          }
        >
          {appPage.total === 0 && unattributed.amountMinor === 0 ? (
            <Empty>Nothing spent on the organization&apos;s apps this month yet.</Empty>
          ) : (
            <div role="region" aria-label="Spend by app" tabIndex={0} className="relative overflow-x-auto">
              <table aria-label="Spend by app" className="w-full text-sm">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className={th}>App</th>
                    <th className={`${th} text-right`}>Operations</th>
                    <th className={`${th} text-right`}>Operations cost</th>
                    <th className={`${th} text-right`}>Compute cost</th>
                    <th className={`${th} text-right`}>Amount</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {appPage.apps.map((app) => (
                    <tr key={app.appRef}>
                      <td className={td}>
                        {app.appName || "Deleted app"}
                        {app.appId ? <span className="block text-xs text-slate-500">{app.appId}</span> : null}
                      </td>
                      <td className={num}>{formatCount(app.operations)}</td>
                      <td className={num}>{money(app.amountMinor - app.computeMinor)}</td>
                      <td className={num}>{money(app.computeMinor)}</td>
                      <td className={num}>{money(app.amountMinor)}</td>
                    </tr>
                  ))}
                  {unattributed.amountMinor > 0 || unattributed.nodeHours !== "0" ? (
                    <tr>
                      <td className={td}>
                        Unattributed compute
                        <span className="block text-xs text-slate-500">{formatQuantity(unattributed.nodeHours)} node-hours with no deployment</span>
                      </td>
                      <td className={num}>—</td>
                      <td className={num}>—</td>
                      <td className={num}>{money(unattributed.amountMinor)}</td>
                      <td className={num}>{money(unattributed.amountMinor)}</td>
                    </tr>
                  ) : null}
                </tbody>
                <tfoot>
                  <tr className="font-semibold">
                    <td className={td}>Total{appPage.total > appPage.pageSize ? " (all apps)" : ""}</td>
                    <td />
                    <td />
                    <td />
                    <td className={num}>{money(totals.totalMinor)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {pagination}
        </Section>
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section id="compute-heading" title="Compute by nodepool" description="Node-hours this month, priced by instance type.">
          {totals.byNodepool.length === 0 ? (
            <Empty>No nodes ran this month.</Empty>
          ) : (
            <div role="region" aria-label="Compute by nodepool" tabIndex={0} className="relative overflow-x-auto">
              <table aria-label="Compute by nodepool" className="w-full text-sm">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className={th}>Nodepool</th>
                    <th className={th}>Instance type</th>
                    <th className={`${th} text-right`}>Node-hours</th>
                    <th className={`${th} text-right`}>Price</th>
                    <th className={`${th} text-right`}>Amount</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {totals.byNodepool.map((pool) => (
                    <tr key={`${pool.ref}:${pool.instanceType}`}>
                      <td className={td}>
                        {pool.nodepoolId}
                        <span className="block text-xs text-slate-500">{pool.clusterId}</span>
                      </td>
                      <td className={td}>{instanceName(pool.instanceType)}</td>
                      <td className={num}>{formatQuantity(pool.nodeHours)}</td>
                      <td className={num}>{formatPrice(pool.unitPriceMinor, plan.currency)} per node-hour</td>
                      <td className={num}>{money(pool.amountMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>

        <Section id="credentials-heading" title="Top credentials by spend" description="The personal access tokens and app keys whose calls cost most this month.">
          {view.credentials.length === 0 ? (
            <Empty>No API calls this month yet.</Empty>
          ) : (
            <div role="region" aria-label="Top credentials by spend" tabIndex={0} className="relative overflow-x-auto">
              <table aria-label="Top credentials by spend" className="w-full text-sm">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className={th}>Credential</th>
                    <th className={`${th} text-right`}>Calls</th>
                    <th className={`${th} text-right`}>Amount</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {view.credentials.map((credential) => (
                    <tr key={credential.credentialId}>
                      <td className={td}>
                        {credential.name}
                        <span className="block text-xs text-slate-500">{credential.kind === "pat" ? "Personal access token" : "App key"}</span>
                      </td>
                      <td className={num}>{formatCount(credential.calls)}</td>
                      <td className={num}>{money(credential.amountMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      </div>

      <Section
        id="budgets-heading"
        title="Budgets"
        description="Monthly budgets for the organization and for single apps. Each threshold alerts Admins and Financial Managers once a month, in the console and by email."
        action={view.may.manage ? <SetBudgetButton org={org.handle} currency={plan.currency} hasOrgBudget={Boolean(orgBudget)} /> : null}
      >
        {view.budgets.length === 0 ? (
          <Empty>{view.may.manage ? "No budgets yet. Set one to be alerted as spend grows." : "No budgets yet. Admins set them."}</Empty>
        ) : (
          <div role="region" aria-label="Budgets" tabIndex={0} className="relative overflow-x-auto">
            <table aria-label="Budgets" className="w-full text-sm">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className={th}>Budget for</th>
                  <th className={`${th} text-right`}>Monthly budget</th>
                  <th className={`${th} text-right`}>Spent</th>
                  <th className={th}>Thresholds</th>
                  <th className={th}>Alerts sent this month</th>
                  {view.may.manage ? <th className={th}>Actions</th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {view.budgets.map((budget) => (
                  <tr key={budget.id}>
                    <td className={td}>{budget.appRef ? `${budget.appName} (app)` : "The organization"}</td>
                    <td className={num}>{money(budget.amountMinor)}</td>
                    <td className={num}>
                      {money(budget.spendMinor)} <span className="text-xs text-slate-500">({Math.floor((budget.spendMinor * 100) / budget.amountMinor)} %)</span>
                    </td>
                    <td className={td}>{budget.thresholds.map((percent) => `${percent} %`).join(", ")}</td>
                    <td className={td}>{budget.alerted.length > 0 ? budget.alerted.map((percent) => `${percent} %`).join(", ") : "None"}</td>
                    {view.may.manage ? (
                      <td className={`${td} flex gap-2`}>
                        <SetBudgetButton org={org.handle} currency={plan.currency} budget={budget} />
                        <DeleteBudgetButton org={org.handle} budget={budget} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="statements-heading" title="Previous months" description="A statement is written for each month once it has ended, with the prices then in force.">
        {view.statements.length === 0 ? (
          <Empty>No closed months yet: the first statement appears when this month ends.</Empty>
        ) : (
          <div role="region" aria-label="Statements" tabIndex={0} className="relative overflow-x-auto">
            <table aria-label="Statements" className="w-full text-sm">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className={th}>Month</th>
                  <th className={`${th} text-right`}>Total</th>
                  <th className={`${th} text-right`}>Amount due</th>
                  <th className={th}>Export</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {view.statements.map((statement) => (
                  <tr key={statement.month}>
                    <td className={td}>
                      <Link href={`${base}/statements/${monthParam(statement.month)}`} className="font-medium text-brand-600 hover:underline">
                        {monthLabel(statement.month)}
                      </Link>
                    </td>
                    <td className={num}>{formatMoney(statement.totalMinor, statement.currency)}</td>
                    <td className={num}>{formatMoney(statement.dueMinor, statement.currency)}</td>
                    <td className={td}>
                      <a href={`${base}/statements/${monthParam(statement.month)}/csv`} className="text-brand-600 hover:underline" aria-label={`Download the ${monthLabel(statement.month)} statement as CSV`}>
                        CSV
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="plan-heading" title={`Pricing plan: ${plan.name}`} description={`${money(plan.includedCreditMinor)} of spend is included each month; prices in ${plan.currency}.`}>
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          <table aria-label="Prices of API operations" className="w-full text-sm">
            <thead className="text-left text-slate-500">
              <tr>
                <th className={th}>Operations</th>
                <th className={`${th} text-right`}>Per 1,000</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {plan.operationPrices.map((price) => (
                <tr key={price.category}>
                  <td className={td}>{price.label}</td>
                  <td className={num}>{formatPrice(price.minorPerThousand, plan.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label="Prices of node-hours" className="w-full text-sm">
            <thead className="text-left text-slate-500">
              <tr>
                <th className={th}>Instance type</th>
                <th className={`${th} text-right`}>Per node-hour</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {plan.instancePrices.map((price) => (
                <tr key={price.instanceType}>
                  <td className={td}>{price.name}</td>
                  <td className={num}>{formatPrice(price.minorPerHour, plan.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}
