import Form from "next/form";

/**
 * A GET search form: the query lands in `?q=` and the list is filtered on the server. Submitting
 * navigates within the app (the page's loading state shows), without reloading the document.
 */
export function SearchForm({ label, defaultValue, hidden = {} }: { label: string; defaultValue?: string; hidden?: Record<string, string> }) {
  return (
    <Form role="search" action="" className="flex gap-2">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label className="sr-only" htmlFor="list-search">
        {label}
      </label>
      <input
        id="list-search"
        name="q"
        type="search"
        placeholder={label}
        defaultValue={defaultValue}
        maxLength={100}
        className="w-64 rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
      />
      <button type="submit" className="rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
        Search
      </button>
    </Form>
  );
}
