import type { ReactNode } from "react";

export function Card({ title, description, children, tone = "default", id }: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  tone?: "default" | "danger";
  id?: string;
}) {
  const border = tone === "danger" ? "border-red-200" : "border-slate-200";
  return (
    <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className={`scroll-mt-6 rounded-xl border ${border} bg-white p-5 shadow-sm sm:p-6`}>
      <h2 id={id ? `${id}-title` : undefined} className={`text-lg font-semibold ${tone === "danger" ? "text-red-800" : ""}`}>
        {title}
      </h2>
      {description ? <div className="mt-1 text-sm text-slate-600">{description}</div> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}
