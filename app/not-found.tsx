import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

/** Every unknown page, and every page that is not the visitor's to see, in the site's own layout. */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <p className="text-sm font-medium text-slate-600">404</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">This page does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">
        The address may be mistyped, or the page was removed. An application or API you no longer own, or that was deleted, is not
        found either.
      </p>
      <ul className="mt-4 space-y-2 text-sm">
        <li>
          <Link href="/dashboard" className="font-medium text-indigo-600 hover:underline">
            Your applications
          </Link>
        </li>
        <li>
          <Link href="/account" className="font-medium text-indigo-600 hover:underline">
            Your account and the apps you authorized
          </Link>
        </li>
        <li>
          <Link href="/docs" className="font-medium text-indigo-600 hover:underline">
            Integrator docs
          </Link>
        </li>
      </ul>
    </div>
  );
}
