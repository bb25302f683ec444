import type { Metadata } from "next";
import Link from "next/link";
import { registerApiAction } from "@/app/operator/actions";
import { RegisterApiForm } from "@/components/operator/register-api-form";
import { Card } from "@/components/ui/card";
import { requireOperator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Register an API" };

export default async function NewApiPage() {
  await requireOperator();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/operator" className="text-sm text-indigo-600 hover:underline">
          ← Operator
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight">Register an API</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          One of your own services that receives Gatehouse access tokens. It gets an API ID and a secret to call the
          introspection endpoint, and owns the scopes you add to it next.
        </p>
      </div>
      <Card title="The API">
        <RegisterApiForm action={registerApiAction} />
      </Card>
    </div>
  );
}
