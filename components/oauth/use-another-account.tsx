"use client";

import { signOut } from "next-auth/react";

/** Signs out and comes back to the same authorization request, to sign in as someone else. */
export function UseAnotherAccount({ authorizePath }: { authorizePath: string }) {
  return (
    <button
      type="button"
      onClick={() => void signOut({ callbackUrl: `/signin?callbackUrl=${encodeURIComponent(authorizePath)}` })}
      className="font-medium text-indigo-600 hover:underline"
    >
      Use another account
    </button>
  );
}
