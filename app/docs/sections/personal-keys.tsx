import Link from "next/link";
import { Code, Section } from "@/components/docs/section";

export function PersonalKeysSection() {
  return (
    <Section id="personal-keys" title="Personal API keys or OAuth?">
      <p className="text-sm text-slate-700">
        A personal API key (<Code>gpat_…</Code>, created on your <Link href="/account#personal-keys" className="text-indigo-600 hover:underline">account page</Link>)
        lets your own scripts call APIs as you: send it as <Code>Authorization: Bearer</Code>, exactly like an access token. It
        carries the scopes you chose (never a restricted one) until it expires or you revoke it.
      </p>
      <p className="text-sm text-slate-700">
        Use OAuth instead whenever other people use what you build: each user approves your app on the consent screen, can see and
        revoke it, and you never handle their credentials. Never ask users for their personal keys.
      </p>
      <p className="text-sm text-slate-700">
        Running an API that accepts Gatehouse tokens? Read <Link href="/docs/protect-your-api" className="text-indigo-600 hover:underline">Protect your API</Link>.
      </p>
    </Section>
  );
}
