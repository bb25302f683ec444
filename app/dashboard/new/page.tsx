import type { Metadata } from "next";
import { createApplicationAction } from "@/app/dashboard/actions";
import { ApplicationForm } from "@/components/dashboard/application-form";
import { testCallbackUrl } from "@/lib/apps/quick-start";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config/env";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New application" };

export default async function NewApplicationPage() {
  await requireUser("/dashboard/new");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader back={{ href: "/dashboard", label: "Your applications" }} title={"Register a new application"}>
        <p className="mt-1 text-sm text-slate-600">You can change everything but the client type later.</p>
      </PageHeader>
      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <ApplicationForm
          mode="create"
          testCallback={testCallbackUrl(config().issuer)}
          action={createApplicationAction}
          initial={{ name: "", description: "", homepageUrl: "", privacyPolicyUrl: "", termsUrl: "", clientType: "confidential", redirectUris: [""] }}
        />
      </div>
    </div>
  );
}
