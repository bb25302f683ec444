import Link from "next/link";
import type { ComponentType, ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";

type HeaderProps = { user: { name: string; email: string; isOperator: boolean } | null };
type Anchor = ComponentType<{ href: string; className?: string; children: ReactNode }>;

/**
 * The site's header bar: brand and main navigation, with the account actions on the right.
 * Pages use Next's Link; the pages a route handler renders to HTML pass a plain anchor.
 */
export function HeaderBar({
  anchor: A = PlainAnchor,
  showAccount = false,
  showOperator = false,
  children,
}: {
  anchor?: Anchor;
  showAccount?: boolean;
  showOperator?: boolean;
  children?: ReactNode;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        {/* On a phone the navigation wraps under the brand rather than run off the screen. */}
        <div className="flex min-w-0 flex-wrap items-center gap-x-6 gap-y-2">
          <A href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">
              G
            </span>
            Gatehouse
          </A>
          <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
            <A href="/dashboard" className="hover:text-slate-900">
              Dashboard
            </A>
            <A href="/docs" className="hover:text-slate-900">
              Docs
            </A>
            {showAccount ? (
              <A href="/account" className="hover:text-slate-900">
                Account
              </A>
            ) : null}
            {showOperator ? (
              <A href="/operator" className="hover:text-slate-900">
                Operator
              </A>
            ) : null}
          </nav>
        </div>
        {children}
      </div>
    </header>
  );
}

function PlainAnchor({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <a href={href} className={className}>
      {children}
    </a>
  );
}

/** Screens where one decision is the point (the consent screen): the brand only, so the decision takes the first tab stops. */
export const FOCUSED_PATHS: readonly string[] = ["/oauth/consent"];

export function FocusedHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-2 px-4 py-3 font-semibold text-slate-900">
        <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">
          G
        </span>
        Gatehouse
      </div>
    </header>
  );
}

export function Header({ user }: HeaderProps) {
  return (
    <HeaderBar anchor={Link} showAccount={user !== null} showOperator={user?.isOperator ?? false}>
      {user ? (
        <div className="flex min-w-0 items-center gap-3">
          <span className="min-w-0 text-sm text-slate-600 [overflow-wrap:anywhere]" data-testid="signed-in-as">
            <span className="sr-only">Signed in as </span>
            <span className="font-medium text-slate-900">{user.name}</span> <span className="hidden sm:inline">({user.email})</span>
          </span>
          <SignOutButton />
        </div>
      ) : (
        <div className="flex items-center gap-3 text-sm">
          <Link href="/signin" className="font-medium text-slate-700 hover:text-slate-900">
            Sign in
          </Link>
          <Link href="/signup" className="rounded-md bg-indigo-600 px-3 py-1.5 font-semibold text-white hover:bg-indigo-500">
            Sign up
          </Link>
        </div>
      )}
    </HeaderBar>
  );
}
