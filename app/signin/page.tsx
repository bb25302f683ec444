import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentUser } from "@/lib/auth/session";
import { config } from "@/lib/config/env";
import { oauthContext } from "@/lib/oauth-server";
import { appWaitingForSignIn } from "@/lib/oauth/consent";
import { emailFromHint, signInAgainNotice, signInAgainReason } from "@/lib/auth/sign-in-again";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, config().issuer);
  const user = await currentUser();
  // An app may ask for the password again (prompt=login, max_age) or for a choice of account.
  const again = signInAgainReason(params.reason);
  if (user && !again) redirect(callbackUrl);
  // next-auth sends failed credential sign-ins back here with ?error=...
  const initialError = params.error ? "Email or password is incorrect." : undefined;
  const app = await appWaitingForSignIn(callbackUrl, await oauthContext());
  const notice = params.signedUp ? "Your account is ready. Sign in to continue." : again ? signInAgainNotice(again, app) : undefined;
  const email = emailFromHint(params.login_hint) ?? (user && (again === "login" || again === "max_age") ? user.email : undefined);
  return (
    <AuthCard
      title={app ? `Sign in to continue to ${app}` : "Sign in to Gatehouse"}
      subtitle={
        app
          ? `${app} uses Gatehouse accounts. Sign in with your Gatehouse email and password; you will see what it asks for before anything is shared.`
          : "Use the email and password of your Gatehouse account."
      }
    >
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={initialError}
        notice={notice}
        email={email}
        continueAs={user && again === "select_account" ? user.email : undefined}
      />
    </AuthCard>
  );
}
