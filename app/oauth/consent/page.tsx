import type { Metadata } from "next";
import Link from "next/link";
import { ConsentForm } from "@/components/oauth/consent-form";
import { requireUser } from "@/lib/auth/session";
import { oauthContext } from "@/lib/oauth-server";
import { CONSENT_SCREEN_SECONDS, loadConsentScreen, parseConsentHandle } from "@/lib/oauth/consent";

export const metadata: Metadata = { title: "Authorize application", referrer: "no-referrer", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConsentPage({ searchParams }: Props) {
  const raw = (await searchParams).request;
  const user = await requireUser(`/oauth/consent?request=${encodeURIComponent(String(raw ?? ""))}`);
  const handle = parseConsentHandle(raw);
  const screen = handle ? await loadConsentScreen(handle, user.id, await oauthContext()) : null;

  if (!handle || !screen) {
    return (
      <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-bold">This authorization request is no longer valid</h1>
        <p className="mt-2 text-sm text-slate-600">
          It was already answered, has expired (requests stay open for {CONSENT_SCREEN_SECONDS / 60} minutes), or was started by another account.
          Go back to the app and sign in with Gatehouse again.
        </p>
        <Link href="/account" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:underline">
          See the apps you have authorized
        </Link>
      </div>
    );
  }

  return <ConsentForm handle={handle} screen={screen} user={{ name: user.name, email: user.email }} />;
}
