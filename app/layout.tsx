import type { Metadata } from "next";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";
import { NavigationStatus } from "@/components/ui/navigation-status";
import { Toaster } from "@/components/ui/toaster";
import "./globals.css";

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
