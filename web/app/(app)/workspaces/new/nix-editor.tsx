"use client";
// A plain textarea with a line-number gutter: enough for pasting a flake.nix without pulling an editor
// bundle into the create page. Tab inserts two spaces instead of leaving the field.
import { useRef } from "react";
import { MAX_NIX_CONFIG_BYTES, type NixConfigKind, utf8Bytes } from "@/contract/workspaces";
import { cn } from "@/lib/cn";

type Props = {
  value: string;
  onChange: (v: string) => void;
  kind: NixConfigKind;
  /** Without it, no flake/shell choice is shown (the kind is fixed, e.g. a template's flake.nix). */
  onKindChange?: (k: NixConfigKind) => void;
  error?: string;
  /** The textarea's id (and the error's, suffixed), when more than one editor could be on a page. */
  id?: string;
};

export function NixEditor({ value, onChange, kind, onKindChange, error, id = "nix-config" }: Props) {
  const gutter = useRef<HTMLDivElement>(null);
  const escaped = useRef(false); // after Escape, Tab moves focus again (WCAG: no keyboard trap)
  const lines = Math.max(12, value.split("\n").length);
  const bytes = utf8Bytes(value);
  return (
    <div className="space-y-2">
      <fieldset className="flex items-center gap-4 text-sm">
        <legend className="sr-only">Nix file kind</legend>
        {onKindChange &&
          (["flake", "shell"] as const).map((k) => (
            <label key={k} className="flex items-center gap-2">
              <input type="radio" name="nix-kind" checked={kind === k} onChange={() => onKindChange(k)} />
              <span className="font-mono">{k === "flake" ? "flake.nix" : "shell.nix"}</span>
            </label>
          ))}
        <span
          className={cn("ml-auto text-xs", bytes > MAX_NIX_CONFIG_BYTES ? "text-danger" : "text-muted-fg")}
        >
          {(bytes / 1024).toFixed(1)} / 64 KiB
        </span>
      </fieldset>
      <div
        className={cn(
          "flex h-72 overflow-hidden rounded-md border bg-card font-mono text-[13px] leading-5 focus-within:border-accent",
          error ? "border-danger" : "border-border",
        )}
      >
        <div
          ref={gutter}
          aria-hidden
          className="overflow-hidden bg-muted px-2 py-2 text-right text-muted-fg select-none"
        >
          {Array.from({ length: lines }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: line numbers are positions
            <div key={i}>{i + 1}</div>
          ))}
        </div>
        <textarea
          id={id}
          aria-label={kind === "flake" ? "flake.nix" : "shell.nix"}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          spellCheck={false}
          wrap="off"
          value={value}
          placeholder={kind === "flake" ? FLAKE_HINT : SHELL_HINT}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") escaped.current = true;
            if (e.key !== "Tab") {
              if (e.key !== "Escape") escaped.current = false;
              return;
            }
            if (e.shiftKey || escaped.current) return;
            e.preventDefault();
            const t = e.currentTarget;
            const { selectionStart: a, selectionEnd: b } = t;
            onChange(`${value.slice(0, a)}  ${value.slice(b)}`);
            requestAnimationFrame(() => t.setSelectionRange(a + 2, a + 2));
          }}
          className="flex-1 resize-none bg-transparent p-2 outline-none placeholder:text-muted-fg/60"
        />
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      <p className="text-xs text-muted-fg">Press Esc then Tab to leave the editor with the keyboard.</p>
    </div>
  );
}

const FLAKE_HINT = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
  outputs = { self, nixpkgs }: {
    devShells.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.mkShell {
      packages = [ nixpkgs.legacyPackages.x86_64-linux.nodejs_22 ];
    };
  };
}`;
const SHELL_HINT = `{ pkgs ? import <nixpkgs> {} }:
pkgs.mkShell {
  packages = [ pkgs.python312 ];
}`;
