"use client";

import { signOutAction } from "@/lib/actions/accounts";
import { Button } from "@/components/ui/button";

export function SignOutAndSwitchButton() {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="secondary">
        Sign out
      </Button>
    </form>
  );
}
