import { neutralize } from "@/lib/text";
import { recordIdSchema } from "@/lib/apps/schemas";
import { deleteGrantOf, listGrantsOf } from "@/lib/db/grants";
import { describeScopes, type Scope } from "@/lib/oauth/scopes";

export type AuthorizedApp = {
  grantId: string;
  appName: string;
  ownerName: string;
  homepageUrl: string | null;
  scopes: { name: string; description: string; personalData: boolean }[];
  firstAuthorized: Date;
  lastUsed: Date | null;
};

/** The apps the user approved, with the granted scopes in plain words. */
export async function listAuthorizedApps(userId: string, catalogue: readonly Scope[]): Promise<AuthorizedApp[]> {
  const grants = await listGrantsOf(userId);
  return grants.map((g) => {
    return {
      grantId: g.id,
      appName: neutralize(g.application.name),
      ownerName: neutralize(g.application.owner.name),
      homepageUrl: g.application.homepageUrl,
      scopes: describeScopes(g.scope.split(" "), catalogue),
      firstAuthorized: g.createdAt,
      lastUsed: g.lastUsedAt,
    };
  });
}

/** Ends the app's access at once: the grant and every code and token issued under it. */
export async function revokeAuthorization(userId: string, grantId: unknown): Promise<boolean> {
  const parsed = recordIdSchema.safeParse(grantId);
  return parsed.success && (await deleteGrantOf(userId, parsed.data));
}
