import Link from "next/link";
import { Pagination } from "@/components/ui/pagination";
import { instanceName } from "@/components/compute/format";
import { CATEGORY_LABELS } from "@/lib/finance/categories";
import { formatMoney, formatPrice, formatQuantity, monthLabel } from "@/lib/finance/money";
import { loadCostLines } from "../load-costs";

// This month's priced lines, a category on an app each (and each app's share of a nodepool's
// compute): the detail under the costs page's totals,
// a page of apps at a time (the most costly first), so an organization of thousands of apps reads
// it page by page.
export default async function CostLinesPage({ params, searchParams }: { params: Promise<{ ownerId: string }>; searchParams: Promise<{ page?: string | string[] }> }) {
  const { page } = await searchParams;
  const { view, base } = await loadCostLines((await params).ownerId, typeof page === "string" ? page : undefined);
  const { appPage, currency } = view;
  const th = "px-3 py-2 font-medium";
  const td = "px-3 py-2";
  const num = "px-3 py-2 text-right tabular-nums";
  return (
    <div className="space-y-4">
      <Link href={base} className="text-sm font-medium text-brand-600 hover:underline">
        ← Costs
      </Link>
      <div>
        <h1 className="text-xl font-semibold">Operations by app and category</h1>
        <p className="text-sm text-slate-600">
          {monthLabel(view.month)} so far, as of {view.asOf.slice(0, 16).replace("T", " ")} UTC. Each line is priced with the plan and rounded to the cent once; the costs page&apos;s totals are sums of these
          lines. An app&apos;s compute is its share of the node-hours of the nodepools that served its models. Apps are listed the most costly first.
        </p>
      </div>
      <section aria-label="Lines" className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
        {appPage.lines.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">No API calls this month yet.</p>
        ) : (
          <div role="region" aria-label="Operations by app and category" tabIndex={0} className="relative overflow-x-auto">
            <table aria-label="Operations by app and category" className="w-full text-sm">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className={th}>App</th>
                  <th className={th}>Category</th>
                  <th className={`${th} text-right`}>Quantity</th>
                  <th className={`${th} text-right`}>Price</th>
                  <th className={`${th} text-right`}>Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {appPage.lines.map((line) => (
                  <tr key={`${line.appRef}:${line.category}:${line.nodepool?.ref ?? ""}`}>
                    <td className={td}>{line.appName || "Deleted app"}</td>
                    <td className={td}>
                      {CATEGORY_LABELS[line.category]}
                      {line.nodepool ? (
                        <span className="block text-xs text-slate-500">
                          {line.nodepool.clusterId} / {line.nodepool.nodepoolId} ({instanceName(line.nodepool.instanceType)})
                        </span>
                      ) : null}
                    </td>
                    <td className={num}>{line.nodepool ? `${formatQuantity(line.quantity)} node-hours` : formatQuantity(line.quantity)}</td>
                    <td className={num}>
                      {formatPrice(line.unitPriceMinor, currency)} {line.nodepool ? "per node-hour" : "per 1,000"}
                    </td>
                    <td className={num}>{formatMoney(line.amountMinor, currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination basePath={`${base}/lines`} params={{}} page={appPage.page} pageSize={appPage.pageSize} total={appPage.total} />
      </section>
    </div>
  );
}
