import type { Metadata } from "next";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";
import { NavigationStatus } from "@/components/ui/navigation-status";
import { Toaster } from "@/components/ui/toaster";
import "./globals.css";
// The actions that re-issue this browser's session cookie (changing the password, signing out
// everywhere) must run on whichever page they are posted to: Next.js hands an action posted to a
// page that does not import it over to one that does, and drops the Set-Cookie of that answer —
// the acting browser would be signed out with the others. Imported here, they are on every page.
import "@/lib/actions/account-settings";

export const metadata: Metadata = {
  title: { default: "Access Console", template: "%s · Access Console" },
  description: "Organizations, members, teams, apps, collaborators and API credentials.",
  // Served from public/: the proxy lets /favicon.ico through, so the sign-in page shows it too.
  icons: { icon: [{ url: "/favicon.ico", sizes: "16x16 32x32 48x48" }] },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <QueryProvider>{children}</QueryProvider>
        <NavigationStatus />
        <Toaster />
      </body>
    </html>
  );
}
