import type { ReactNode } from "react";
import { SettingsLayout } from "@/components/shell/settings-sidebar";

export default function AccountSettingsLayout({ children }: { children: ReactNode }) {
  return (
    <SettingsLayout
      label="Account settings"
      sections={[
        { href: "/settings/profile", label: "Profile" },
        { href: "/settings/security", label: "Security" },
        { href: "/settings/api", label: "API reference" },
      ]}
    >
      {children}
    </SettingsLayout>
  );
}
