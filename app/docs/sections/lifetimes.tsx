import { Section } from "@/components/docs/section";
import type { IntegratorGuide } from "@/lib/docs/integrator-guide";

export function LifetimesSection({ lifetimes }: Pick<IntegratorGuide, "lifetimes">) {
  return (
    <Section id="lifetimes" title="Lifetimes">
      <dl className="grid gap-2 text-sm sm:grid-cols-2">
        {lifetimes.map(({ term, value }) => (
          <div key={term} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="font-medium">{term}</dt>
            <dd className="text-slate-600">{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
