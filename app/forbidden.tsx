import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">You do not have permission to see this page</h1>
      <p className="mt-2 text-slate-600">Your role in this organization does not include it. Ask an Admin if you need access.</p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-600 hover:underline">
        Back to the console
      </Link>
    </main>
  );
}
