import type { Metadata } from "next";
import Link from "next/link";
import {
  changePasswordAction,
  confirmPersonalKeyStoredAction, createPersonalKeyAction,
  deleteAccountAction,
  revokeAuthorizationAction,
  revokePersonalKeyAction,
  signOutEverywhereAction,
  updateProfileAction,
} from "@/app/account/actions";
import { AuthorizedApps } from "@/components/account/authorized-apps";
import { PersonalKeys } from "@/components/account/personal-keys";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/lib/dates";
import { listAuthorizedApps } from "@/lib/account/authorized-apps";
import { keyableScopes, listPersonalKeys, newPersonalKeyToShow } from "@/lib/account/personal-keys";
import { BASE_SCOPE } from "@/lib/oauth/scopes";
import { requireUser } from "@/lib/auth/session";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const catalogue = await currentScopeCatalogue();
  const [apps, keys] = await Promise.all([listAuthorizedApps(user.id, catalogue), listPersonalKeys(user.id)]);
  const now = new Date();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Your account</h1>
        <p className="mt-1 text-sm text-slate-600">
          Signed in as {user.email}. Review the apps that can use your account, and manage your profile and password.
        </p>
      </div>

      <Card id="authorized" title="Authorized apps" description="Apps you allowed to use your Gatehouse account.">
        <AuthorizedApps
          revoke={revokeAuthorizationAction}
          apps={apps.map((a) => ({
            ...a,
            firstAuthorized: formatDateTime(a.firstAuthorized),
            lastUsed: formatDateTime(a.lastUsed),
          }))}
        />
      </Card>

      <Card id="personal-keys" title="Personal API keys" description="A key lets your own scripts call APIs as you, with the scopes you choose.">
        <p className="mb-4 text-sm text-slate-600">
          Send it as <code className="font-mono">Authorization: Bearer gpat_…</code>. Building something other people sign in to?
          Register an application and use OAuth instead: <Link href="/docs#personal-keys" className="text-indigo-600 hover:underline">when to use which</Link>.
        </p>
        <PersonalKeys
          revealed={await newPersonalKeyToShow(user.id)}
          createKey={createPersonalKeyAction}
          confirmStored={confirmPersonalKeyStoredAction}
          revokeKey={revokePersonalKeyAction}
          scopes={keyableScopes(catalogue).map((s) => ({ name: s.name, description: s.description, always: s.name === BASE_SCOPE }))}
          keys={keys.map((k) => ({
            id: k.id,
            name: k.name,
            hint: `${k.prefix}…${k.lastFour}`,
            scope: k.scope,
            created: formatDateTime(k.createdAt),
            lastUsed: formatDateTime(k.lastUsedAt),
            expires: k.expiresAt ? `${k.expiresAt <= now ? "Expired" : "Expires"} ${formatDateTime(k.expiresAt)}` : "Never expires",
            expired: k.expiresAt !== null && k.expiresAt <= now,
          }))}
        />
      </Card>

      <Card id="profile" title="Profile" description="Apps you allow to see your profile get your name and username.">
        <ActionForm
          id="profile"
          action={updateProfileAction}
          submitLabel="Save profile"
          successMessage="Profile saved."
          fields={[
            { name: "name", label: "Name", defaultValue: user.name, autoComplete: "name", maxLength: 64 },
            { name: "username", label: "Username", defaultValue: user.username, autoComplete: "username", maxLength: 32, hint: "3 to 32 letters, digits and hyphens." },
          ]}
        />
      </Card>

      <Card id="password" title="Password" description="Changing it signs you out everywhere else. Apps you authorized keep their access.">
        <ActionForm
          id="password"
          action={changePasswordAction}
          submitLabel="Change password"
          successMessage="Password changed. Your other sessions are signed out."
          fields={[
            { name: "currentPassword", label: "Current password", type: "password", autoComplete: "current-password" },
            { name: "newPassword", label: "New password", type: "password", autoComplete: "new-password", hint: "8 to 128 characters." },
          ]}
        />
      </Card>

      <Card id="sessions" title="Sessions" description="You stay signed in for 8 hours of inactivity and at most 7 days after you sign in.">
        <ActionForm id="sessions" action={signOutEverywhereAction} submitLabel="Sign out everywhere" variant="secondary" then="sign-out" fields={[]} />
        <p className="mt-2 text-xs text-slate-500">Signs this browser and every other out of Gatehouse. Apps you authorized keep their access: revoke them above.</p>
      </Card>

      <Card id="delete" title="Delete account" tone="danger" description="Deletes your account, your registered applications, and every authorization and token. This cannot be undone.">
        <ActionForm
          id="delete"
          action={deleteAccountAction}
          submitLabel="Delete my account"
          variant="danger"
          then="sign-out"
          fields={[{ name: "password", label: "Password", type: "password", autoComplete: "current-password", hint: "Enter your password to confirm." }]}
        />
      </Card>
    </div>
  );
}
