"use client";

import { useId, type SelectHTMLAttributes } from "react";

export type GroupOption = { id: string; name: string; builtin: boolean };

/** A permission-group dropdown: the built-in groups, then the organization's own. */
export function PermissionSelect({ groups, label, errors, hideLabel, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { groups: GroupOption[]; label: string; errors?: string[]; hideLabel?: boolean }) {
  const id = useId();
  const builtIn = groups.filter((g) => g.builtin);
  const custom = groups.filter((g) => !g.builtin);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-700"}>
        {label}
      </label>
      <select id={id} aria-invalid={errors?.length ? true : undefined} className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" {...props}>
        <optgroup label="Built-in">
          {builtIn.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </optgroup>
        {custom.length > 0 ? (
          <optgroup label="Custom">
            {custom.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {errors?.length ? (
        <p role="alert" className="text-xs text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
