import Link from "next/link";
import { PrintButton } from "@/components/finance/print-button";
import { instanceName } from "@/components/compute/format";
import { CATEGORY_LABELS, type SpendCategory } from "@/lib/finance/categories";
import { formatMoney, formatPrice, formatQuantity, monthLabel, monthParam } from "@/lib/finance/money";
import { formatAbsolute } from "@/lib/format/dates";
import { loadStatement } from "../../load-costs";

// Printed, only the statement shows: the console's header and navigation are hidden.
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  #statement, #statement * { visibility: visible; }
  #statement { position: absolute; inset: 0 auto auto 0; width: 100%; box-shadow: none; }
  .statement-screen-only { display: none !important; }
}`;

export default async function StatementPage({ params }: { params: Promise<{ ownerId: string; month: string }> }) {
  const { ownerId, month } = await params;
  const { org, view, base } = await loadStatement(ownerId, month);
  const { statement, lines } = view;
  const money = (minor: number) => formatMoney(minor, statement.currency);
  const name = monthLabel(statement.month);
  const credit = Math.min(statement.includedCreditMinor, statement.totalMinor);
  return (
    <div className="space-y-4">
      <style>{PRINT_CSS}</style>
      <div className="statement-screen-only flex flex-wrap items-center justify-between gap-3">
        <Link href={base} className="text-sm font-medium text-brand-600 hover:underline">
          ← Costs
        </Link>
        <div className="flex gap-2">
          <a href={`${base}/statements/${monthParam(statement.month)}/csv`} className="inline-flex items-center rounded-md px-3.5 py-2 text-sm font-medium text-brand-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Download CSV
          </a>
          <PrintButton />
        </div>
      </div>
      <article id="statement" aria-labelledby="statement-heading" className="space-y-4 rounded-lg bg-white p-6 ring-1 ring-slate-200">
        <header className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 id="statement-heading" className="text-xl font-semibold">
              Statement for {name}
            </h1>
            <p className="text-sm text-slate-600">
              {org.name} ({org.handle}) · amounts in {statement.currency} · written {formatAbsolute(statement.createdAt)}
            </p>
          </div>
        </header>
        {lines.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing was used in {name}.</p>
        ) : (
          <div role="region" aria-label={`Lines of the ${name} statement`} tabIndex={0} className="relative overflow-x-auto">
            <table aria-label={`Lines of the ${name} statement`} className="w-full text-sm">
              <thead className="border-b border-slate-300 text-left text-slate-600">
                <tr>
                  <th className="py-2 pr-3 font-medium">Category</th>
                  <th className="py-2 pr-3 font-medium">App or nodepool</th>
                  <th className="py-2 pr-3 text-right font-medium">Quantity</th>
                  <th className="py-2 pr-3 text-right font-medium">Unit price</th>
                  <th className="py-2 text-right font-medium">Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {lines.map((line) => (
                  <tr key={line.position}>
                    <td className="py-1.5 pr-3">{CATEGORY_LABELS[line.category as SpendCategory] ?? line.category}</td>
                    <td className="py-1.5 pr-3">
                      {line.unit === "node-hours" ? `${line.nodepool} (${instanceName(line.instanceType)})` : line.appName ? `${line.appName} (${line.appId})` : "Deleted app"}
                    </td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">
                      {formatQuantity(line.quantity)} {line.unit}
                    </td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">
                      {formatPrice(line.unitPriceMinor, statement.currency)} {line.unit === "node-hours" ? "per node-hour" : "per 1,000"}
                    </td>
                    <td className="py-1.5 text-right tabular-nums">{money(line.amountMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <dl className="ml-auto w-full max-w-xs space-y-1 text-sm">
          <div className="flex justify-between">
            <dt>Total</dt>
            <dd className="tabular-nums">{money(statement.totalMinor)}</dd>
          </div>
          <div className="flex justify-between">
            <dt>Included credit</dt>
            <dd className="tabular-nums">{money(-credit)}</dd>
          </div>
          <div className="flex justify-between border-t border-slate-300 pt-1 font-semibold">
            <dt>Amount due</dt>
            <dd className="tabular-nums">{money(statement.dueMinor)}</dd>
          </div>
        </dl>
      </article>
    </div>
  );
}
