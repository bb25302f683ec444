import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { FOCUSED_PATHS, FocusedHeader, Header } from "@/components/header";
import { HydrationMarker } from "@/components/hydration-marker";
import { currentUser } from "@/lib/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "OAuth 2.0 developer portal and authorization server",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/site.webmanifest",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const focused = FOCUSED_PATHS.includes((await headers()).get("x-gatehouse-path") ?? "");
  return (
    <html lang="en">
      <body className="min-h-screen">
        <HydrationMarker />
        {focused ? <FocusedHeader /> : <Header user={user} />}
        <main className="mx-auto max-w-5xl px-4 py-8 sm:py-12">{children}</main>
      </body>
    </html>
  );
}
