"use client";

import { TypedConfirmationForm } from "@/components/ui/typed-confirmation-form";
import type { WithdrawalImpact } from "@/lib/operator/removal-impact";
import { apiRemovalWarning } from "@/lib/operator/removal-impact";

type Props = {
  apiId: string;
  identifier: string;
  impact: WithdrawalImpact;
  deleteApi: (form: FormData) => Promise<{ ok: true; impact: WithdrawalImpact; entryId: string } | { ok: false; error: string }>;
};

/** Deleting the API, confirmed by typing its identifier, with the number of users it affects said first. */
export function ApiDangerZone({ apiId, identifier, impact, deleteApi }: Props) {
  return (
    <TypedConfirmationForm
      id="confirm-identifier"
      title="Delete this API"
      phrase={identifier}
      mono
      hidden={{ apiId }}
      fieldName="confirmIdentifier"
      submitLabel="Delete API"
      failure="Could not delete the API. Please try again."
      submit={deleteApi}
      destination={({ entryId }) => `/operator?deleted=${encodeURIComponent(entryId)}`}
    >
      Deletes the API, its secrets and its scopes. {apiRemovalWarning(impact)} This cannot be undone.
    </TypedConfirmationForm>
  );
}
