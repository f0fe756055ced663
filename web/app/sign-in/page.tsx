import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { safePath } from "@/contract/safe-path";
import { getSessionUser } from "@/server/auth/session";
import { config } from "@/server/config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const target = safePath(next, "/dashboard");
  if (await getSessionUser(await headers())) redirect(target);
  const c = config();
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <SignInForm github={c.githubConfigured} local={c.localSignIn} next={target} />
    </main>
  );
}
