import type { Metadata } from "next";
import { instanceName } from "@/components/compute/format";
import { DataTable } from "@/components/ui/data-table";
import { formatQuantity, monthLabel } from "@/lib/finance/money";
import { loadNodeHours } from "../load-compute";

export const metadata: Metadata = { title: "Node-hours" };

// Node-hours of every nodepool, month by month, for those who run the clusters: the usage behind
// the compute costs, without the amounts (the Costs page's, for Admins and Financial Managers).
export default async function NodeHoursPage({ params }: { params: Promise<{ ownerId: string }> }) {
  const { view } = await loadNodeHours((await params).ownerId);
  const months = [...new Set(view.rows.map((row) => row.month))];
  return (
    <section aria-labelledby="node-hours-heading" className="space-y-3">
      <div>
        <h1 id="node-hours-heading" className="text-xl font-semibold">
          Node-hours
        </h1>
        <p className="max-w-3xl text-sm text-slate-600">
          The node-hours each nodepool ran, by calendar month (UTC), from {monthLabel(view.from)} to now ({view.asOf.slice(0, 16).replace("T", " ")} UTC): its node count
          times the hours it held, as recorded with every change. Deleted nodepools keep their history.
        </p>
      </div>
      {view.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">No nodepool ran nodes in these months.</p>
      ) : (
        <>
          <DataTable
            label="Node-hours by nodepool and month"
            columns={[
              { id: "month", header: "Month", sortable: true, rowHeader: true, className: "font-normal" },
              { id: "nodepool", header: "Nodepool", sortable: true },
              { id: "instanceType", header: "Instance type", sortable: true },
              { id: "nodeHours", header: "Node-hours", sortable: true, align: "right", className: "tabular-nums" },
            ]}
            defaultSort={{ column: "month", direction: "desc" }}
            rows={view.rows.map((row) => ({
              id: `${row.month}:${row.nodepoolRef}:${row.instanceType}`,
              sortValues: { month: row.month, nodepool: `${row.clusterId} / ${row.nodepoolId}`, instanceType: instanceName(row.instanceType), nodeHours: Number(row.nodeHours) },
              cells: {
                month: monthLabel(row.month),
                nodepool: (
                  <>
                    {row.nodepoolId}
                    <span className="block text-slate-500">{row.clusterId}</span>
                  </>
                ),
                instanceType: instanceName(row.instanceType),
                nodeHours: formatQuantity(row.nodeHours),
              },
            }))}
          />
          <DataTable
            label="Node-hours by month"
            columns={[
              { id: "month", header: "Month", sortable: true, rowHeader: true, className: "font-normal" },
              { id: "nodepools", header: "Nodepools that ran", sortable: true, align: "right", className: "tabular-nums" },
              { id: "nodeHours", header: "Node-hours", sortable: true, align: "right", className: "tabular-nums" },
            ]}
            defaultSort={{ column: "month", direction: "desc" }}
            rows={months.map((month) => {
              const ofMonth = view.rows.filter((row) => row.month === month);
              const total = sumQuantities(ofMonth.map((row) => row.nodeHours));
              return {
                id: month,
                sortValues: { month, nodepools: ofMonth.length, nodeHours: Number(total) },
                cells: { month: monthLabel(month), nodepools: ofMonth.length, nodeHours: formatQuantity(total) },
              };
            })}
          />
        </>
      )}
    </section>
  );
}

/** Quantities with six decimals ("12.500000") summed exactly, in millionths. */
function sumQuantities(quantities: readonly string[]): string {
  const millionths = quantities.reduce((sum, quantity) => {
    const [whole = "0", fraction = ""] = quantity.split(".");
    return sum + BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
  }, 0n);
  return `${millionths / 1_000_000n}.${String(millionths % 1_000_000n).padStart(6, "0")}`;
}
