"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

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
  const [pending, setPending] = useState(false);
  if (!confirming) {
    return (
      <Button variant="secondary" disabled={disabled} onClick={() => setConfirming(true)} aria-label={ariaLabel}>
        {label}
      </Button>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-sm text-red-700">{warning}</span>
      <Button
        variant="danger"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          try {
            await onConfirm();
            setConfirming(false);
          } finally {
            setPending(false);
          }
        }}
      >
        {confirmLabel}
      </Button>
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </div>
  );
}
