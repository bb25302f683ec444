import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signUpAction } from "@/app/signup/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentUser } from "@/lib/auth/session";
import { config } from "@/lib/config/env";
import { oauthContext } from "@/lib/oauth-server";
import { appWaitingForSignIn } from "@/lib/oauth/consent";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl, config().issuer);
  if (await currentUser()) redirect(callbackUrl);
  const app = await appWaitingForSignIn(callbackUrl, await oauthContext());
  return (
    <AuthCard
      title={app ? `Create an account to continue to ${app}` : "Create your Gatehouse account"}
      subtitle={
        app
          ? `${app} uses Gatehouse accounts. Create one; you will see what it asks for before anything is shared.`
          : "One account to register apps and to sign in to apps that use Gatehouse."
      }
    >
      <SignUpForm callbackUrl={callbackUrl} action={signUpAction} />
    </AuthCard>
  );
}
