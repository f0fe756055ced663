import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  if (await getSessionUser(await headers())) redirect("/dashboard");
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col items-center justify-center gap-6 p-8 text-center">
      {/* biome-ignore lint/performance/noImgElement: tiny static logo */}
      <img src="/favicon.svg" alt="" width={56} height={56} />
      <h1 className="text-4xl font-semibold tracking-tight">Kalpana</h1>
      <p className="max-w-xl text-lg text-muted-fg">
        Reproducible cloud workspaces from Nix templates, VS Code in the browser, and an AI agent that works
        inside your workspace — on your own servers.
      </p>
      <Link
        href="/sign-in"
        className="inline-flex h-11 items-center rounded-md bg-accent px-6 font-medium text-accent-fg hover:opacity-90"
      >
        Sign in
      </Link>
    </main>
  );
}
