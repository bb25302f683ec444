"use client";

import { useCallback, useState } from "react";

/** What a piece of work returns when it navigates away: the control stays disabled until the page goes. */
export const NAVIGATING = Symbol("navigating");

/**
 * One server call at a time for a component: `pending` while it runs, and `error` set to the
 * given message when it throws (a refusal the server answered in words is the caller's to show).
 * The result of the work, or undefined when it threw.
 */
export function usePendingAction(failure: string) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <T>(work: () => Promise<T>): Promise<T | undefined> => {
      setPending(true);
      setError(null);
      try {
        const result = await work();
        if (result !== NAVIGATING) setPending(false);
        return result;
      } catch {
        setError(failure);
        setPending(false);
        return undefined;
      }
    },
    [failure],
  );
  return { pending, error, setError, run };
}
