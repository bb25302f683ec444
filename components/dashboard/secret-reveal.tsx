"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyableValue } from "@/components/ui/copy-button";
import { usePendingAction } from "@/components/ui/use-pending-action";
import { SECRET_NOUNS, storageAdvice, type SecretKind } from "@/lib/secret-wording";

const LEAVE_QUESTION = "You have not confirmed that you stored the new secret. Leave this page anyway?";

/**
 * A new secret (an app's client secret, an API's secret, a personal API key), shown until the person confirms they
 * stored it; it survives a reload (the server holds it for the page, encrypted, for 15 minutes).
 * Leaving the page before confirming asks first.
 */
export function SecretReveal({ secret, kind, testId, confirmStored }: { secret: string; kind: SecretKind; testId: string; confirmStored: () => Promise<void> }) {
  const router = useRouter();
  const confirming = usePendingAction("Could not save that. Please try again.");

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    // Links inside the app navigate without unloading the page: ask for those too.
    const click = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!link || link.getAttribute("target") === "_blank" || link.getAttribute("href")?.startsWith("#")) return;
      if (!window.confirm(LEAVE_QUESTION)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, []);

  return (
    <div className="space-y-3" data-testid="secret-reveal">
      <Alert tone="warning" title={`Copy your new ${SECRET_NOUNS[kind]} now`}>
        {storageAdvice(kind)}
      </Alert>
      <CopyableValue value={secret} testId={testId} />
      {confirming.error ? <Alert tone="error">{confirming.error}</Alert> : null}
      <Button
        onClick={() =>
          confirming.run(async () => {
            await confirmStored();
            router.refresh();
          })
        }
        disabled={confirming.pending}
      >
        I have stored the secret
      </Button>
    </div>
  );
}
