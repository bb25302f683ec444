import type { Metadata } from "next";
import { registerApiAction } from "@/app/operator/actions";
import { RegisterApiForm } from "@/components/operator/register-api-form";
import { Card } from "@/components/ui/card";
import { requireOperator } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Register an API" };

export default async function NewApiPage() {
  await requireOperator();
  return (
    <div className="space-y-6">
      <PageHeader back={{ href: "/operator", label: "Operator" }} title={"Register an API"}>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          One of your own services that receives Gatehouse access tokens. It gets an API ID and a secret to call the
          introspection endpoint, and owns the scopes you add to it next.
        </p>
      </PageHeader>
      <Card title="The API">
        <RegisterApiForm action={registerApiAction} />
      </Card>
    </div>
  );
}
