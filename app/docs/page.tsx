import type { Metadata } from "next";
import { ComingFromSection } from "@/app/docs/sections/coming-from";
import { EndpointsSection } from "@/app/docs/sections/endpoints";
import { ErrorsSection } from "@/app/docs/sections/errors";
import { FlowSection } from "@/app/docs/sections/flow";
import { GuideHeader } from "@/app/docs/sections/guide-header";
import { LibrariesSection } from "@/app/docs/sections/libraries";
import { LifetimesSection } from "@/app/docs/sections/lifetimes";
import { PersonalKeysSection } from "@/app/docs/sections/personal-keys";
import { RulesSection } from "@/app/docs/sections/rules";
import { ScopesSection } from "@/app/docs/sections/scopes";
import { SignInSection } from "@/app/docs/sections/sign-in";
import { integratorGuide } from "@/lib/docs/integrator-guide";

export const metadata: Metadata = { title: "Integrator guide" };
export const dynamic = "force-dynamic";

const CONTENTS = [
  ["flow", "The flow"],
  ["libraries", "Client libraries"],
  ["sign-in", "Sign in with Gatehouse"],
  ["coming-from", "Coming from another provider"],
  ["endpoints", "Endpoints"],
  ["scopes", "Scopes"],
  ["lifetimes", "Lifetimes"],
  ["errors", "Errors"],
  ["rules", "Rules worth knowing"],
  ["personal-keys", "Personal API keys"],
] as const;

export default async function DocsPage() {
  const guide = await integratorGuide();
  return (
    <div className="grid gap-10 lg:grid-cols-[180px_1fr]">
      <nav aria-label="On this page" className="hidden lg:block">
        <ul className="sticky top-6 space-y-2 text-sm">
          {CONTENTS.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`} className="text-slate-600 hover:text-slate-900">
                {title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-10">
        <GuideHeader metadataUrl={guide.endpoints.metadata} />
        <FlowSection {...guide} />
        <LibrariesSection {...guide} />
        <SignInSection {...guide} />
        <ComingFromSection {...guide} />
        <EndpointsSection {...guide} />
        <ScopesSection {...guide} />
        <LifetimesSection {...guide} />
        <ErrorsSection errors={guide.errors} example={guide.responses.error} maxBodyKiB={guide.maxBodyKiB} />
        <RulesSection />
        <PersonalKeysSection />
      </div>
    </div>
  );
}
