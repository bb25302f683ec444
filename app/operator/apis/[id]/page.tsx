import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { addScopeAction, confirmApiSecretStoredAction, createApiSecretAction, deleteApiAction, deleteScopeAction, revokeApiSecretAction, setScopeRestrictedAction } from "@/app/operator/actions";
import { SecretsPanel } from "@/components/dashboard/secrets-panel";
import { ApiDangerZone } from "@/components/operator/api-danger-zone";
import { ApiScopes } from "@/components/operator/api-scopes";
import { ResourceMetadataPanel } from "@/components/operator/resource-metadata-panel";
import { Card } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copy-button";
import { Alert } from "@/components/ui/alert";
import { formatDate, formatDateTime } from "@/lib/dates";
import { requireOperator } from "@/lib/auth/session";
import { config } from "@/lib/config/env";
import { endpointsFor } from "@/lib/oauth/endpoints";
import { ApiNotFoundError, getApi, MAX_API_SECRETS, newApiSecretToShow, removalImpact, type ApiRow } from "@/lib/operator/apis";
import { resourceMetadataGuide } from "@/lib/operator/resource-metadata";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Registered API" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function registeredApi(id: string): Promise<ApiRow> {
  try {
    return await getApi(id);
  } catch (error) {
    if (error instanceof ApiNotFoundError) notFound();
    throw error;
  }
}

export default async function ApiPage({ params, searchParams }: Props) {
  const operator = await requireOperator();
  const api = await registeredApi((await params).id);
  const revealed = await newApiSecretToShow(operator, api.id);
  const justRegistered = Boolean((await searchParams).registered);
  const [scopeImpacts, apiImpact] = await Promise.all([Promise.all(api.scopes.map((s) => removalImpact(api.id, s.id))), removalImpact(api.id)]);
  const { issuer } = config();
  const introspection = endpointsFor(issuer).introspection;
  const resourceMetadata = resourceMetadataGuide({ identifier: api.identifier, name: api.name, scopes: api.scopes.map((s) => s.name) }, issuer);

  return (
    <div className="space-y-6">
      <PageHeader back={{ href: "/operator", label: "Operator" }} title={api.name}>
        <p className="mt-1 font-mono text-sm text-slate-600 [overflow-wrap:anywhere]">{api.identifier}</p>
        <p className="text-xs text-slate-500">Registered {formatDate(api.createdAt)}</p>
      </PageHeader>
      {justRegistered ? (
        <Alert tone="success" title={`${api.name} is registered`}>
          Give your API its ID and secret below: it sends them with every call to the introspection endpoint. Then add the scopes apps may request for it.
        </Alert>
      ) : null}

      <Card id="credentials" title="Introspection credentials" description={`Your API sends these with every call to ${introspection} (HTTP Basic, or client_id and client_secret in the body).`}>
        <div className="space-y-5">
          <div>
            <p className="text-sm font-medium text-slate-800">API ID</p>
            <CopyableValue value={api.apiId} testId="api-id" />
          </div>
          <SecretsPanel
            owner={{ apiId: api.id }}
            kind="apiSecret"
            max={MAX_API_SECRETS}
            revealed={revealed}
            createSecret={createApiSecretAction}
            confirmStored={confirmApiSecretStoredAction}
            revokeSecret={revokeApiSecretAction}
            secrets={api.secrets.map((s) => ({ id: s.id, hint: `${s.prefix}…${s.lastFour}`, created: formatDateTime(s.createdAt, { seconds: true }), lastUsed: formatDateTime(s.lastUsedAt) }))}
          />
        </div>
      </Card>

      <Card
        id="scopes"
        title="Scopes"
        description="What apps may request for this API. Introspection tells the API only about tokens that carry at least one of these, and lists only these."
      >
        <ApiScopes
          apiId={api.id}
          scopes={api.scopes.map((s, i) => ({ ...s, impact: scopeImpacts[i]! }))}
          addScope={addScopeAction}
          deleteScope={deleteScopeAction}
          setRestricted={setScopeRestrictedAction}
        />
      </Card>

      <Card
        id="resource-metadata"
        title="Protected resource metadata"
        description="A client that meets your API before it has a token (an MCP client, for one) reads this document to find Gatehouse and the scopes to ask for (RFC 9728). Gatehouse does not serve it for you: your API does, from its own host."
      >
        <ResourceMetadataPanel url={resourceMetadata.url} json={resourceMetadata.json} hasScopes={api.scopes.length > 0} refusals={resourceMetadata.refusals} />
      </Card>

      <Card id="danger" title="Danger zone" tone="danger">
        <ApiDangerZone apiId={api.id} identifier={api.identifier} impact={apiImpact} deleteApi={deleteApiAction} />
      </Card>
    </div>
  );
}
