import type { ReactNode } from "react";
import { TabNav } from "@/components/ui/tab-nav";

export default function AccountSettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-6">
      <TabNav
        label="Account settings"
        tabs={[
          { href: "/settings/profile", label: "Profile" },
          { href: "/settings/security", label: "Security" },
        ]}
      />
      {children}
    </div>
  );
}
