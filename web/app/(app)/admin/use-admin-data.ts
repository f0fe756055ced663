"use client";
// Loads one admin list and reloads it on demand (after an action) and every few seconds.
import { useCallback, useEffect, useState } from "react";
import { api } from "@/lib/api";
import { useToast } from "@/lib/toast";

export function useAdminData<T>(path: string, pick: (body: never) => T, everyMs = 5000) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: pick is a pure projection, fixed per caller
  const reload = useCallback(async () => {
    try {
      setData(pick(await api<never>(path)));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [path]);
  useEffect(() => {
    void reload();
    if (!everyMs) return;
    const t = setInterval(() => void reload(), everyMs);
    return () => clearInterval(t);
  }, [reload, everyMs]);
  const toast = useToast();
  /** Runs an admin action: its answer (a sentence) or its error as a toast, then the list again. */
  const act = async (run: () => Promise<string>) => {
    try {
      toast.success(await run());
    } catch (e) {
      toast.error((e as Error).message);
    }
    await reload();
  };
  return { data, error, reload, act };
}
