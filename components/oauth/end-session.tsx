import type { EndSessionFields } from "@/lib/oauth/end-session";

type ConfirmProps = { title: string; appName: string | null; fields: EndSessionFields; action: string };

/** RP-Initiated Logout's question (§2): sign out of Gatehouse, or stay signed in. A plain form: it works before any script. */
export function SignOutConfirmation({ title, appName, fields, action }: ConfirmProps) {
  return (
    <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold tracking-tight">{title}</h1>
      <p className="mt-2 text-sm leading-relaxed text-slate-700">
        {appName ? (
          <>
            <strong className="font-medium text-slate-900">{appName}</strong> asks to sign you out of Gatehouse.
          </>
        ) : (
          "A site asks to sign you out of Gatehouse."
        )}{" "}
        You will need your password to sign in again. If you did not start this, stay signed in.
      </p>
      <form method="post" action={action} className="mt-5 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <a href="/dashboard" className="rounded-md border border-slate-300 px-4 py-2 text-center text-sm font-medium text-slate-800 hover:bg-slate-50">
          Stay signed in
        </a>
        <button type="submit" name="decision" value="sign_out" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700">
          Sign out
        </button>
      </form>
    </div>
  );
}

type SignedOutProps = { title: string; appName: string | null; error?: string; reference?: string };

/** After signing out without a way back to the app, or a request that cannot be used. */
export function SignedOut({ title, appName, error, reference }: SignedOutProps) {
  return (
    <div role={error ? "alert" : undefined} className={`mx-auto max-w-md rounded-xl border bg-white p-6 shadow-sm ${error ? "border-red-200" : "border-slate-200"}`}>
      <h1 className={`text-xl font-bold tracking-tight ${error ? "text-red-800" : ""}`}>{title}</h1>
      <p className="mt-2 text-sm leading-relaxed text-slate-700 [overflow-wrap:anywhere]">
        {error ?? (appName ? `You signed out of Gatehouse from ${appName}. You can close this page.` : "You signed out of Gatehouse. You can close this page.")}
      </p>
      {error ? <p className="mt-3 text-sm text-slate-600">Nobody was signed out. Go back to the app; its developer can read the integrator docs under “Sign in with Gatehouse”.</p> : null}
      <p className="mt-5 text-sm">
        <a href="/signin" className="font-medium text-indigo-600 hover:underline">
          Sign in again
        </a>
      </p>
      {reference ? (
        <p className="mt-4 text-xs text-slate-500">
          Reference for a support request: <code className="font-mono text-slate-700">{reference}</code>
        </p>
      ) : null}
    </div>
  );
}
