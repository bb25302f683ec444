"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";

type Refusal = { ok: false; error: string };

type Props<Done extends { ok: true }> = {
  /** Names the field and its error message, so ids stay unique on the page. */
  id: string;
  title: string;
  children: ReactNode;
  /** What the person types to confirm, shown in the label. */
  phrase: string;
  mono?: boolean;
  /** Posted with the typed phrase (which goes as `fieldName`). */
  hidden: Record<string, string>;
  fieldName: string;
  submitLabel: string;
  failure: string;
  submit: (form: FormData) => Promise<Done | Refusal>;
  /** Where to go once it is done. */
  destination: (done: Done) => string;
};

/**
 * An irreversible action confirmed by typing a name: the refusal is said under the field, which
 * takes the focus back, and success navigates away.
 */
export function TypedConfirmationForm<Done extends { ok: true }>(props: Props<Done>) {
  const router = useRouter();
  const action = usePendingAction(props.failure);
  const field = useRef<HTMLInputElement>(null);
  const errorId = `${props.id}-error`;

  useEffect(() => {
    if (action.error) field.current?.focus();
  }, [action.error]);

  async function confirm(form: FormData) {
    await action.run(async () => {
      const result = await props.submit(form);
      if (!result.ok) return action.setError(result.error);
      router.push(props.destination(result));
      return NAVIGATING;
    });
  }

  return (
    <form
      method="post"
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void confirm(new FormData(e.currentTarget));
      }}
    >
      <h3 className="font-medium">{props.title}</h3>
      <div className="text-sm text-slate-600">{props.children}</div>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor={props.id} className="block text-sm text-slate-800">
        Type <strong className={props.mono ? "font-mono break-all" : "break-all"}>{props.phrase}</strong> to confirm
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          ref={field}
          id={props.id}
          name={props.fieldName}
          autoComplete="off"
          aria-invalid={action.error ? true : undefined}
          aria-describedby={action.error ? errorId : undefined}
          className={`block w-full max-w-md rounded-md border border-slate-300 px-3 py-2 text-sm ${props.mono ? "font-mono" : ""}`}
        />
        <Button type="submit" variant="danger" disabled={action.pending}>
          {props.submitLabel}
        </Button>
      </div>
      {action.error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {action.error}
        </p>
      ) : null}
    </form>
  );
}
