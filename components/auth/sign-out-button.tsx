"use client";

import { signOut } from "next-auth/react";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";

export function SignOutButton({ callbackUrl = "/" }: { callbackUrl?: string }) {
  const { pending, run } = usePendingAction("");
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        run(async () => {
          await signOut({ callbackUrl });
          return NAVIGATING;
        })
      }
      className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100 disabled:opacity-60"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
