"use client";

import { countOf } from "@/components/ui/format";
import { TypedConfirmationForm } from "@/components/ui/typed-confirmation-form";

type Impact = { usersAffected: number; familiesEnding: number };

type Props = {
  apiId: string;
  identifier: string;
  impact: Impact;
  deleteApi: (form: FormData) => Promise<{ ok: true; impact: Impact; entryId: string } | { ok: false; error: string }>;
};

const users = (n: number) => countOf(n, "user");
const authorizations = (n: number) => countOf(n, "live authorization");

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
      Deletes the API, its secrets and its scopes. {users(impact.usersAffected)} granted one of its scopes: the scopes leave their
      grants, and {authorizations(impact.familiesEnding)} that carry nothing else end at once. This cannot be undone.
    </TypedConfirmationForm>
  );
}
