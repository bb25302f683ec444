import { renderSitePage } from "@/app/oauth/site-page";
import { SignOutConfirmation, SignedOut } from "@/components/oauth/end-session";
import type { EndSessionFields } from "@/lib/oauth/end-session";

export type EndSessionPage =
  | { kind: "confirm"; appName: string | null; fields: EndSessionFields; action: string }
  | { kind: "signed_out"; appName: string | null }
  | { kind: "error"; detail: string; reference?: string };

const TITLES: Record<EndSessionPage["kind"], string> = { confirm: "Sign out of Gatehouse?", signed_out: "You are signed out", error: "This sign-out request cannot be used" };

/** The sign-out pages (RP-Initiated Logout), answered by the route with their status. */
export function renderEndSessionPage(page: EndSessionPage): Promise<string> {
  const content =
    page.kind === "confirm" ? (
      <SignOutConfirmation title={TITLES.confirm} appName={page.appName} fields={page.fields} action={page.action} />
    ) : page.kind === "signed_out" ? (
      <SignedOut title={TITLES.signed_out} appName={page.appName} />
    ) : (
      <SignedOut title={TITLES.error} error={page.detail} reference={page.reference} appName={null} />
    );
  return renderSitePage(TITLES[page.kind], content);
}
