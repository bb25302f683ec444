import { Section } from "@/components/docs/section";

export function RulesSection() {
  return (
    <Section id="rules" title="Rules worth knowing">
      <ul className="list-disc space-y-2 pl-5 text-sm text-slate-700">
        <li>Redirect URIs match exactly, character for character. Only for 127.0.0.1 and [::1] may the port differ, so native apps can listen on a random port (RFC 8252).</li>
        <li>redirect_uri may be left out of the authorize request only when the app has exactly one; if you send it there, send the same value to the token endpoint.</li>
        <li>Public apps (single-page, mobile, desktop, CLI) have no secret and must use PKCE; their users see the consent screen every time.</li>
        <li>A confidential app can hold two secrets at once: deploy the new one, then revoke the old one on the dashboard.</li>
        <li>A code used twice revokes the tokens issued from it. Exchange each code once.</li>
        <li>Send access tokens in the Authorization header. Tokens in a URL are refused: URLs end up in logs.</li>
      </ul>
    </Section>
  );
}
