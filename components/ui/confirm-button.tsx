"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { usePendingAction } from "@/components/ui/use-pending-action";

type Props = {
  label: string;
  ariaLabel?: string;
  /** What happens, shown beside the confirmation. */
  warning: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  disabled?: boolean;
};

/** A destructive action in two steps: the button, then a warning with "Yes" and "Cancel". */
export function ConfirmButton({ label, ariaLabel, warning, confirmLabel, onConfirm, disabled }: Props) {
  const [confirming, setConfirming] = useState(false);
  // onConfirm shows its own outcome; a throw here only re-enables the buttons.
  const { pending, run } = usePendingAction("");
  if (!confirming) {
    return (
      <Button variant="secondary" disabled={disabled} onClick={() => setConfirming(true)} aria-label={ariaLabel}>
        {label}
      </Button>
    );
  }
  return (
    <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto" role="group" aria-label={confirmLabel}>
      <span className="w-full text-sm text-red-700 sm:w-auto">{warning}</span>
      <Button
        variant="danger"
        disabled={pending}
        onClick={() =>
          run(async () => {
            await onConfirm();
            setConfirming(false);
          })
        }
      >
        {confirmLabel}
      </Button>
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </div>
  );
}
