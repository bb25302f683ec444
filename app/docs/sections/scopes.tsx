import { Code, Section } from "@/components/docs/section";
import { ScopeList } from "@/components/ui/scope-list";
import type { IntegratorGuide } from "@/lib/docs/integrator-guide";

export function ScopesSection({ scopes }: Pick<IntegratorGuide, "scopes">) {
  return (
    <Section id="scopes" title="Scopes">
      <ScopeList scopes={scopes} />
      <p className="text-sm text-slate-600">
        <Code>user.read</Code> is always granted and gives <Code>sub</Code>; <Code>profile</Code> adds <Code>name</Code> and{" "}
        <Code>preferred_username</Code> (introspection&apos;s <Code>username</Code>); <Code>email</Code> adds <Code>email</Code> and{" "}
        <Code>email_verified</Code> (always false for now).
      </p>
    </Section>
  );
}
