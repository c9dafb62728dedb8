"use client";

import { useId, useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, minorToMajorString } from "@/lib/finance/money";

const subscribeToNothing = () => () => {};

export type DailySpend = { day: string; operationsMinor: number; computeMinor: number };

/**
 * Spend per day of the month, API operations and compute stacked. The chart is drawn in the
 * browser (it measures its container); the same figures are in a table below it for screen
 * readers and for anyone who prefers numbers. Amounts reach the chart as major units only to be
 * drawn; the labels are formatted from the exact minor units.
 */
export function SpendChart({ days, currency, monthName }: { days: DailySpend[]; currency: string; monthName: string }) {
  // False on the server and while hydrating, true in the browser: the chart needs a measured container.
  const drawn = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  const titleId = useId();
  const summaryId = useId();
  const data = days.map((day) => ({
    day: day.day.slice(8),
    label: day.day,
    operations: Number(minorToMajorString(day.operationsMinor)),
    compute: Number(minorToMajorString(day.computeMinor)),
    operationsMinor: day.operationsMinor,
    computeMinor: day.computeMinor,
  }));
  const total = days.reduce((sum, day) => sum + day.operationsMinor + day.computeMinor, 0);
  const money = (minor: number) => formatMoney(minor, currency);
  const summary = `Bar chart of spend by day in ${monthName}, API operations and compute stacked: ${money(total)} in all. The table below lists each day.`;
  return (
    <figure aria-labelledby={titleId} aria-describedby={summaryId} className="space-y-2">
      <figcaption id={titleId} className="text-sm font-medium text-slate-700">
        Spend by day, {monthName}
      </figcaption>
      <p id={summaryId} className="sr-only">
        {summary}
      </p>
      <div className="h-64 w-full" data-testid="spend-chart">
        {drawn ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} title={`Spend by day, ${monthName}`} desc={summary}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tickLine={false} fontSize={12} />
              <YAxis tickFormatter={(value: number) => formatMoney(Math.round(value * 100), currency)} width={72} fontSize={12} />
              <Tooltip
                formatter={(_value, name, item) => {
                  const row = item.payload as (typeof data)[number];
                  return [money(name === "API operations" ? row.operationsMinor : row.computeMinor), name];
                }}
                labelFormatter={(_label, payload) => (payload?.[0]?.payload as (typeof data)[number] | undefined)?.label ?? ""}
              />
              <Legend />
              <Bar dataKey="operations" name="API operations" stackId="spend" fill="#4f46e5" isAnimationActive={false} />
              <Bar dataKey="compute" name="Compute" stackId="spend" fill="#0d9488" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        ) : null}
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">Show spend by day as a table</summary>
        <table aria-label={`Spend by day, ${monthName}`} className="mt-2 w-full max-w-lg text-sm">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1 font-medium">Day</th>
              <th className="py-1 text-right font-medium">API operations</th>
              <th className="py-1 text-right font-medium">Compute</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.day}>
                <td className="py-0.5">{day.day}</td>
                <td className="py-0.5 text-right tabular-nums">{money(day.operationsMinor)}</td>
                <td className="py-0.5 text-right tabular-nums">{money(day.computeMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
