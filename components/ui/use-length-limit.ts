"use client";

import { useState, type ClipboardEvent, type FormEvent } from "react";

/**
 * A field's maxlength, said out loud: the browser silently stops typing at the limit and cuts a
 * longer paste, so the field shows (and announces) that it did.
 */
export function useLengthLimit(maxLength: number | undefined) {
  const [state, setState] = useState<"limit" | "cut" | null>(null);
  if (maxLength === undefined) return { onInput: undefined, onPaste: undefined, notice: null };
  const onPaste = (event: ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const field = event.currentTarget;
    const selected = (field.selectionEnd ?? 0) - (field.selectionStart ?? 0);
    const room = maxLength - (field.value.length - selected);
    if (event.clipboardData.getData("text").length > room) setState("cut");
  };
  const onInput = (event: FormEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const length = event.currentTarget.value.length;
    setState((now) => (length < maxLength ? null : now === "cut" ? "cut" : "limit"));
  };
  const notice =
    state === "cut"
      ? `What you pasted was cut to the limit of ${maxLength} characters: check the end.`
      : state === "limit"
        ? `You reached the limit of ${maxLength} characters.`
        : null;
  return { onInput, onPaste, notice };
}
