import Link from "next/link";
import type { ReactNode } from "react";

/** A page's heading under a link back to where it belongs, with what follows it (a badge beside, lines below). */
export function PageHeader({ back, title, badge, children }: { back: { href: string; label: string }; title: string; badge?: ReactNode; children?: ReactNode }) {
  return (
    <div>
      <Link href={back.href} className="text-sm text-indigo-600 hover:underline">
        ← {back.label}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="min-w-0 text-2xl font-bold tracking-tight [overflow-wrap:anywhere]">{title}</h1>
        {badge}
      </div>
      {children}
    </div>
  );
}
