import { Alert } from "@/components/ui/alert";
import { CopyableValue } from "@/components/ui/copy-button";

/** A secret (an app's client secret, an API's secret), shown the one time it exists in plain text. */
export function SecretReveal({ secret, noun = "client secret", testId = "client-secret" }: { secret: string; noun?: string; testId?: string }) {
  return (
    <div className="space-y-3" data-testid="secret-reveal">
      <Alert tone="warning" title={`Copy your ${noun} now`}>
        This is the only time Gatehouse shows it. Store it in your server&apos;s secret manager; afterwards only its first
        and last characters are shown. If you lose it, generate a new one.
      </Alert>
      <CopyableValue value={secret} testId={testId} />
    </div>
  );
}
