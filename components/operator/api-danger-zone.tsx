"use client";

import { useRouter } from "next/navigation";
import { countOf } from "@/components/ui/format";
import { Button } from "@/components/ui/button";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";

type Impact = { usersAffected: number; familiesEnding: number };

type Props = {
  apiId: string;
  identifier: string;
  impact: Impact;
  deleteApi: (form: FormData) => Promise<{ ok: true; impact: Impact } | { ok: false; error: string }>;
};

const users = (n: number) => countOf(n, "user");
const authorizations = (n: number) => countOf(n, "live authorization");

/** Deleting the API, confirmed by typing its identifier, with the number of users it affects said first. */
export function ApiDangerZone({ apiId, identifier, impact, deleteApi }: Props) {
  const router = useRouter();
  const deleting = usePendingAction("Could not delete the API. Please try again.");

  async function remove(form: FormData) {
    await deleting.run(async () => {
      const result = await deleteApi(form);
      if (!result.ok) return deleting.setError(result.error);
      const said = `${users(result.impact.usersAffected)} affected, ${authorizations(result.impact.familiesEnding)} ended`;
      router.push(`/operator?deleted=${encodeURIComponent(said)}`);
      return NAVIGATING;
    });
  }

  return (
    <form
      method="post"
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void remove(new FormData(e.currentTarget));
      }}
    >
      <h3 className="font-medium">Delete this API</h3>
      <p className="text-sm text-slate-600">
        Deletes the API, its secrets and its scopes. {users(impact.usersAffected)} granted one of its scopes: the scopes leave
        their grants, and {authorizations(impact.familiesEnding)} that carry nothing else end at once. This cannot be undone.
      </p>
      <input type="hidden" name="apiId" value={apiId} />
      <label htmlFor="confirm-identifier" className="block text-sm text-slate-800">
        Type <strong className="font-mono">{identifier}</strong> to confirm
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="confirm-identifier"
          name="confirmIdentifier"
          autoComplete="off"
          aria-invalid={deleting.error ? true : undefined}
          aria-describedby={deleting.error ? "confirm-identifier-error" : undefined}
          className="block w-full max-w-md rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
        />
        <Button type="submit" variant="danger" disabled={deleting.pending}>
          Delete API
        </Button>
      </div>
      {deleting.error ? (
        <p id="confirm-identifier-error" role="alert" className="text-sm text-red-700">
          {deleting.error}
        </p>
      ) : null}
    </form>
  );
}
