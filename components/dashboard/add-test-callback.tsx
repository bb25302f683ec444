"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { usePendingAction } from "@/components/ui/use-pending-action";

/** Registers the test callback as one of the app's redirect URIs, in one click. */
export function AddTestCallbackButton({
  appId,
  slot,
  addTestCallback,
}: {
  appId: string;
  slot: number;
  addTestCallback: (form: FormData) => Promise<{ ok: true; slot: number } | { ok: false; error: string }>;
}) {
  const router = useRouter();
  const adding = usePendingAction("Could not add the test callback. Please try again.");
  return (
    <div className="space-y-2">
      {adding.error ? <Alert tone="error">{adding.error}</Alert> : null}
      <Button
        variant="secondary"
        disabled={adding.pending}
        onClick={() =>
          adding.run(async () => {
            const form = new FormData();
            form.set("appId", appId);
            const result = await addTestCallback(form);
            if (!result.ok) return adding.setError(result.error);
            router.refresh();
          })
        }
      >
        Add the test callback as redirect URI {slot} of 3
      </Button>
    </div>
  );
}
