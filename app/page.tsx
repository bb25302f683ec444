import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/session";

const FEATURES = [
  {
    title: "For developers",
    body: "Register an application, copy its client ID, see its secret once, rotate secrets without downtime and manage up to three redirect URIs.",
  },
  {
    title: "For your users",
    body: "A clear consent screen that says who is asking for what, and an account page to review and revoke every app they authorized.",
  },
  {
    title: "For integrators",
    body: "Standard OAuth 2.0: authorization code with PKCE, rotating refresh tokens, revocation, introspection and server metadata. Errors say what to fix.",
  },
];

export default async function HomePage() {
  const user = await currentUser();
  return (
    <div className="space-y-12">
      <section className="space-y-5">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">OAuth 2.0 provider</p>
        <h1 className="max-w-3xl text-3xl font-bold tracking-tight sm:text-5xl">
          Let people sign in to your app with their Gatehouse account.
        </h1>
        <p className="max-w-2xl text-lg text-slate-600">
          Gatehouse is a developer portal and the authorization server behind it. Register an app, send your users to
          a consent screen, and exchange the code for tokens from your server.
        </p>
        <div className="flex flex-wrap gap-3">
          {user ? (
            <Link href="/dashboard" className={buttonClass("primary")}>
              Go to your dashboard
            </Link>
          ) : (
            <>
              <Link href="/signup" className={buttonClass("primary")}>
                Create an account
              </Link>
              <Link href="/signin" className={buttonClass("secondary")}>
                Sign in
              </Link>
            </>
          )}
          <Link href="/docs" className={buttonClass("secondary")}>
            Read the integrator docs
          </Link>
        </div>
      </section>
      <section aria-label="What Gatehouse does" className="grid gap-4 sm:grid-cols-3">
        {FEATURES.map((f) => (
          <div key={f.title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="font-semibold">{f.title}</h2>
            <p className="mt-2 text-sm text-slate-600">{f.body}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
