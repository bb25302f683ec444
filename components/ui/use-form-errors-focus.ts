"use client";

import { useEffect, useRef } from "react";

/**
 * After a failed submit, moves the focus to the first invalid field of the form (or, when the
 * refusal is not about one field, to its first alert), so that keyboard and screen-reader users
 * land on what to fix. Pass the errors the submit returned: a new value per submit.
 */
export function useFocusFirstError<T extends HTMLElement = HTMLFormElement>(errors: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root || !errors || (typeof errors === "object" && Object.keys(errors).length === 0)) return;
    const target = root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>('[role="alert"]');
    if (!target) return;
    if (target.getAttribute("role") === "alert" && !target.hasAttribute("tabindex")) target.tabIndex = -1;
    target.focus();
  }, [errors]);
  return ref;
}
