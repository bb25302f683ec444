import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";

type HeaderProps = { user: { name: string; email: string } | null };

export function Header({ user }: HeaderProps) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-6">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">
              G
            </span>
            Gatehouse
          </Link>
          <nav aria-label="Main" className="flex gap-4 text-sm text-slate-600">
            <Link href="/dashboard" className="hover:text-slate-900">
              Dashboard
            </Link>
            <Link href="/docs" className="hover:text-slate-900">
              Docs
            </Link>
            {user ? (
              <Link href="/account" className="hover:text-slate-900">
                Account
              </Link>
            ) : null}
          </nav>
        </div>
        {user ? (
          <div className="flex items-center gap-3">
            <span className="text-sm text-slate-600" data-testid="signed-in-as">
              <span className="sr-only">Signed in as </span>
              <span className="font-medium text-slate-900">{user.name}</span>{" "}
              <span className="hidden sm:inline">({user.email})</span>
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
      </div>
    </header>
  );
}
