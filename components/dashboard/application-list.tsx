import Link from "next/link";
import { formatDate } from "@/lib/dates";

type Row = { id: string; name: string; clientId: string; clientType: string; redirectUriCount: number; userCount: number; createdAt: Date };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function ApplicationList({ apps }: { apps: Row[] }) {
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm" aria-label="Applications">
      {apps.map((app) => (
        <li key={app.id}>
          <Link href={`/dashboard/apps/${app.id}`} className="flex flex-wrap items-center justify-between gap-3 p-4 hover:bg-slate-50">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">{app.name}</p>
              <p className="mt-0.5 truncate font-mono text-xs text-slate-500">{app.clientId}</p>
            </div>
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <TypeBadge type={app.clientType} />
              <span>{plural(app.redirectUriCount, "redirect URI", "redirect URIs")}</span>
              <span aria-hidden>·</span>
              <span>{plural(app.userCount, "user", "users")}</span>
              <span aria-hidden>·</span>
              <span>Created {formatDate(app.createdAt)}</span>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function TypeBadge({ type }: { type: string }) {
  const style = type === "public" ? "bg-amber-50 text-amber-800 ring-amber-200" : "bg-indigo-50 text-indigo-800 ring-indigo-200";
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}>{type === "public" ? "Public" : "Confidential"}</span>;
}
