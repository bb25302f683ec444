import type { Metadata } from "next";
import { notFound } from "next/navigation";
import {
  addTestCallbackAction,
  confirmSecretStoredAction,
  createSecretAction,
  deleteApplicationAction,
  requestScopeAction,
  revokeAllTokensAction,
  revokeSecretAction,
  updateApplicationAction,
  updateOpenIdSettingsAction,
} from "@/app/dashboard/actions";
import { ApplicationForm } from "@/components/dashboard/application-form";
import { TypeBadge } from "@/components/dashboard/application-list";
import { DangerZone } from "@/components/dashboard/danger-zone";
import { OpenIdSettingsForm } from "@/components/dashboard/openid-settings-form";
import { QuickStartPanel } from "@/components/dashboard/quick-start-panel";
import { RestrictedScopesPanel } from "@/components/dashboard/restricted-scopes-panel";
import { SecretsPanel } from "@/components/dashboard/secrets-panel";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copy-button";
import { formatDate, formatDateTime } from "@/lib/dates";
import { MAX_POST_LOGOUT_REDIRECT_URIS } from "@/lib/apps/openid-settings";
import { getApplication, MAX_ACTIVE_SECRETS, newClientSecretToShow, NotFoundError, type Application } from "@/lib/apps/applications";
import { freshQuickStartPkce, quickStartFor, testCallbackUrl } from "@/lib/apps/quick-start";
import { restrictedScopesOf } from "@/lib/apps/restricted-scopes";
import { listScopes } from "@/lib/apps/scope-listing";
import { requireUser } from "@/lib/auth/session";
import { config, serverSecret } from "@/lib/config/env";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";
import { PKCE_METHOD } from "@/lib/oauth/pkce";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Application" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function ownedApplication(ownerId: string, id: string): Promise<Application> {
  try {
    return await getApplication(ownerId, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function ApplicationPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requireUser(`/dashboard/apps/${id}`);
  const app = await ownedApplication(user.id, id);
  const justCreated = Boolean((await searchParams).created);
  const quickStart = quickStartFor(app, config().issuer, freshQuickStartPkce(app.id, serverSecret()));
  const revealed = app.clientType === "confidential" ? await newClientSecretToShow(user.id, app.id) : null;
  const restricted = await restrictedScopesOf(user.id, app.id);

  return (
    <div className="space-y-6">
      <PageHeader back={{ href: "/dashboard", label: "Your applications" }} title={app.name} badge={<TypeBadge type={app.clientType} />}>
        <p className="mt-1 text-sm text-slate-600">
          Registered {formatDate(app.createdAt)} · {app.userCount} {app.userCount === 1 ? "user has" : "users have"} authorized it
        </p>
      </PageHeader>
      {justCreated ? (
        <Alert tone="success" title={`${app.name} is registered`}>
          {app.clientType === "confidential"
            ? "Copy its client secret below and store it on your server; then try the flow with the quick start."
            : "Use its client ID and the quick start below to try the flow."}
        </Alert>
      ) : null}

      <Card id="credentials" title="Credentials">
        <div className="space-y-5">
          <div>
            <p className="text-sm font-medium text-slate-800">Client ID</p>
            <p className="mb-1 text-xs text-slate-500">Public: it goes in the authorize URL and identifies the app.</p>
            <CopyableValue value={app.clientId} testId="client-id" />
          </div>
          {app.clientType === "confidential" ? (
            <div>
              <p className="text-sm font-medium text-slate-800">Client secrets</p>
              <p className="mb-2 text-xs text-slate-500">
                Your server sends one with every token request (HTTP Basic or client_secret in the body). Never put it in a
                browser or mobile app.
              </p>
              <SecretsPanel
                kind="clientSecret"
                owner={{ appId: app.id }}
                max={MAX_ACTIVE_SECRETS}
                revealed={revealed}
                createSecret={createSecretAction}
                confirmStored={confirmSecretStoredAction}
                revokeSecret={revokeSecretAction}
                secrets={app.secrets.map((s) => ({
                  id: s.id,
                  hint: `${s.prefix}…${s.lastFour}`,
                  created: formatDateTime(s.createdAt, { seconds: true }),
                  lastUsed: formatDateTime(s.lastUsedAt),
                }))}
              />
            </div>
          ) : (
            <Alert tone="info" title="Public application: no client secret">
              A public app cannot keep a secret, so it has none. It sends its client_id and proves each code with PKCE
              (a code_verifier whose {PKCE_METHOD} hash was sent as code_challenge).
            </Alert>
          )}
        </div>
      </Card>

      <Card id="settings" title="Settings" description="What users see on the consent screen, and where they may be sent back.">
        <ApplicationForm
          mode="edit"
          appId={app.id}
          action={updateApplicationAction}
          initial={{
            name: app.name,
            description: app.description ?? "",
            homepageUrl: app.homepageUrl ?? "",
            privacyPolicyUrl: app.privacyPolicyUrl ?? "",
            termsUrl: app.termsUrl ?? "",
            clientType: app.clientType,
            redirectUris: app.redirectUris,
          }}
        />
      </Card>

      <Card
        id="openid-connect"
        title="OpenID Connect"
        description={
          <>
            For sign-in: when your app asks for the <code className="font-mono">openid</code> scope, the token response carries an ID token saying who
            signed in.
          </>
        }
      >
        <OpenIdSettingsForm
          appId={app.id}
          clientType={app.clientType}
          maxLogoutUris={MAX_POST_LOGOUT_REDIRECT_URIS}
          action={updateOpenIdSettingsAction}
          initial={{ idTokenAlg: app.idTokenAlg, postLogoutRedirectUris: app.postLogoutRedirectUris }}
        />
      </Card>

      {restricted.length > 0 ? (
        <Card id="restricted-scopes" title="Restricted scopes" description="These scopes need an operator's approval for your app before users can grant them.">
          <RestrictedScopesPanel
            appId={app.id}
            requestScope={requestScopeAction}
            scopes={restricted.map((s) => ({ name: s.name, description: s.description, status: s.status, note: s.note, decided: s.decidedAt ? formatDateTime(s.decidedAt) : null }))}
          />
        </Card>
      ) : null}

      <Card id="quick-start" title="Quick start" description="Runs as pasted: a fresh state and PKCE pair on every visit, this server's URLs and your app's client ID.">
        <QuickStartPanel
          appId={app.id}
          quickStart={quickStart}
          testCallback={testCallbackUrl(config().issuer)}
          clientType={app.clientType}
          scopes={listScopes(await currentScopeCatalogue(), { approved: restricted.filter((s) => s.status === "approved").map((s) => s.name) })}
          redirectUriCount={app.redirectUris.length}
          addTestCallback={addTestCallbackAction}
        />
      </Card>

      <Card id="danger" title="Danger zone" tone="danger">
        <DangerZone
          appId={app.id}
          appName={app.name}
          userCount={app.userCount}
          revokeAllTokens={revokeAllTokensAction}
          deleteApplication={deleteApplicationAction}
        />
      </Card>
    </div>
  );
}
