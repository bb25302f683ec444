import type { ReactNode } from "react";
import { Code, Section } from "@/components/docs/section";
import type { IntegratorGuide } from "@/lib/docs/integrator-guide";

type Props = Pick<IntegratorGuide, "issuer" | "grantTypes" | "endpoints">;

/** The ways clients written for other providers fail here, each with its fix. */
export function ComingFromSection({ issuer, grantTypes, endpoints }: Props) {
  const problems: [problem: string, fix: ReactNode][] = [
    [
      "The token request has no grant_type",
      <>
        Some providers guess it. Gatehouse answers <Code>invalid_request</Code> (grant_type is missing): send{" "}
        <Code>grant_type={grantTypes.authorizationCode}</Code> with the code, or <Code>grant_type={grantTypes.refreshToken}</Code> (RFC 6749 §4.1.3, §6).
      </>,
    ],
    [
      "The token request has no redirect_uri",
      <>
        When the authorize request carried <Code>redirect_uri</Code>, the token request must carry the same value (RFC 6749 §4.1.3);
        otherwise <Code>invalid_grant</Code>. Keep the value you sent in step 2.
      </>,
    ],
    [
      "The body is JSON, or multipart",
      <>
        Token, revocation and introspection requests are <Code>application/x-www-form-urlencoded</Code> only (RFC 6749 §3.2). In
        PHP, pass <Code>http_build_query($fields)</Code> to <Code>CURLOPT_POSTFIELDS</Code>: an array there is sent as multipart.
        With curl use <Code>-d</Code> or <Code>--data-urlencode</Code>, not <Code>-F</Code> or a JSON body. The error says what was
        sent.
      </>,
    ],
    [
      "The user's fields are username or full_name",
      <>
        Userinfo sends <Code>preferred_username</Code> and <Code>name</Code> (with the <Code>profile</Code> scope),{" "}
        <Code>email</Code> with <Code>email</Code>, and always <Code>sub</Code>, the stable ID to key accounts on.
      </>,
    ],
    [
      "The library was pointed at the OAuth metadata, or configured endpoint by endpoint",
      <>
        Older guides for Gatehouse configured sign-in around a missing OpenID discovery, endpoint by endpoint. Gatehouse has it
        now: give an OpenID Connect library the issuer <Code>{issuer}</Code>{" "}
        alone and ask for <Code>openid</Code>; it reads <Code>{endpoints.openidConfiguration}</Code> and validates the ID token
        with the keys it names (see Sign in with Gatehouse). The RFC 8414 document at <Code>{endpoints.metadata}</Code> says the
        same.
      </>,
    ],
    [
      "The client asks for response_type=id_token, token, or code id_token",
      <>
        The implicit and hybrid flows put tokens in the browser&apos;s address bar; Gatehouse answers{" "}
        <Code>unsupported_response_type</Code>. Use <Code>response_type=code</Code> with PKCE (the default of each library under
        Sign in with Gatehouse, and RFC 9700 §2.1.2&apos;s advice): the ID token comes from the token endpoint.
      </>,
    ],
    [
      "The ID token has no name or email",
      <>
        They come with their scopes, as at userinfo: ask for <Code>openid profile email</Code>, not <Code>openid</Code> alone. Key
        accounts on <Code>sub</Code>; <Code>email_verified</Code> is false for now.
      </>,
    ],
  ];
  return (
    <Section id="coming-from" title="Coming from another provider">
      <p className="text-sm text-slate-600">
        Clients written against other providers&apos; documentation fail here in a few known ways. Each is a rule of RFC 6749 or
        OpenID Connect that Gatehouse keeps; the error says which, and this is the fix.
      </p>
      <dl className="space-y-4 text-sm">
        {problems.map(([problem, fix]) => (
          <div key={problem} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="font-medium">{problem}</dt>
            <dd className="mt-1 text-slate-700">{fix}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
