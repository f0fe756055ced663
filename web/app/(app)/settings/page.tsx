import type { Metadata } from "next";
import { AppearanceSettings } from "./appearance";
import { DotfilesSettings } from "./dotfiles";
import { ProviderKeySettings } from "./provider-key";
import { VariablesSettings } from "./variables";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <main className="mx-auto w-full max-w-3xl flex-1 space-y-6 p-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-muted-fg">
          Your model provider key, the agent's default model, your variables and secrets, your dotfiles, and
          how Kalpana looks.
        </p>
      </div>
      <ProviderKeySettings />
      <VariablesSettings />
      <DotfilesSettings />
      <AppearanceSettings />
    </main>
  );
}
