"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

type Props = { github: boolean; local: boolean; next: string };

export function SignInForm({ github, local, next }: Props) {
  const [mode, setMode] = useState<"signin" | "signup">("signin");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function withGithub() {
    setBusy(true);
    setError(null);
    const res = await authClient.signIn.social({ provider: "github", callbackURL: next });
    if (res.error) {
      setError(res.error.message ?? "GitHub sign-in failed");
      setBusy(false);
    }
  }

  async function withPassword(form: FormData) {
    setBusy(true);
    setError(null);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "") || email.split("@")[0] || "Developer";
    const res =
      mode === "signup"
        ? await authClient.signUp.email({ email, password, name })
        : await authClient.signIn.email({ email, password });
    if (res.error) {
      setError(res.error.message ?? "Sign-in failed");
      setBusy(false);
      return;
    }
    window.location.assign(next);
  }

  return (
    <Card className="w-full max-w-sm p-8">
      <div className="mb-6 text-center">
        {/* biome-ignore lint/performance/noImgElement: tiny static logo */}
        <img src="/favicon.svg" alt="" width={40} height={40} className="mx-auto mb-3" />
        <h1 className="text-xl font-semibold">Sign in to Kalpana</h1>
        <p className="mt-1 text-sm text-muted-fg">Cloud workspaces with VS Code and an AI agent.</p>
      </div>
      {github && (
        <Button className="w-full" onClick={withGithub} disabled={busy}>
          <svg aria-hidden viewBox="0 0 16 16" width="16" height="16" fill="currentColor">
            <path d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z" />
          </svg>
          Continue with GitHub
        </Button>
      )}
      {github && local && <div className="my-5 text-center text-xs text-muted-fg">or</div>}
      {local && (
        // onSubmit, not a form action: React resets a form after its action, which cleared the email
        // (and a password typed meanwhile) after a failed attempt.
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void withPassword(new FormData(e.currentTarget));
          }}
          className="space-y-3"
          aria-label="Local sign-in"
        >
          <p className="rounded-md bg-muted px-3 py-2 text-xs text-muted-fg">
            <strong>Local account</strong> — for self-hosted setups without a GitHub OAuth app. Repository
            features need GitHub.
          </p>
          {mode === "signup" && (
            <div>
              <Label htmlFor="name">Name</Label>
              <Input id="name" name="name" autoComplete="name" placeholder="Ada Lovelace" />
            </div>
          )}
          <div>
            <Label htmlFor="email">Email</Label>
            <Input id="email" name="email" type="email" required autoComplete="email" />
          </div>
          <div>
            <Label htmlFor="password">Password</Label>
            <Input
              id="password"
              name="password"
              type="password"
              required
              minLength={8}
              autoComplete={mode === "signup" ? "new-password" : "current-password"}
            />
          </div>
          <Button type="submit" variant={github ? "secondary" : "primary"} className="w-full" disabled={busy}>
            {busy ? "Please wait…" : mode === "signup" ? "Create account" : "Sign in"}
          </Button>
          <button
            type="button"
            className="w-full text-center text-sm text-accent hover:underline"
            onClick={() => setMode(mode === "signin" ? "signup" : "signin")}
          >
            {mode === "signin" ? "No account yet? Create one" : "Have an account? Sign in"}
          </button>
        </form>
      )}
      {!github && !local && (
        <p className="text-sm text-danger">
          No sign-in method is configured. Set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or
          KALPANA_LOCAL_SIGNIN=1.
        </p>
      )}
      {error && (
        <p role="alert" className="mt-4 rounded-md border border-danger/40 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
    </Card>
  );
}
