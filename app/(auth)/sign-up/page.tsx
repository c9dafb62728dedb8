import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { currentUser } from "@/lib/auth/principal";

export const metadata: Metadata = { title: "Sign up" };

function safeCallback(value: string | string[] | undefined): string {
  const path = typeof value === "string" ? value : "/";
  return path.startsWith("/") && !path.startsWith("//") && path.length <= 500 ? path : "/";
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const email = typeof params.email === "string" && params.email.length <= 254 ? params.email : undefined;
  return <SignUpForm callbackUrl={callbackUrl} email={email} />;
}
