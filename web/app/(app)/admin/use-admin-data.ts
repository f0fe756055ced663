"use client";
// Loads one admin list and reloads it on demand (after an action) and every few seconds.
import { useCallback, useEffect, useState } from "react";
import { api } from "@/lib/api";

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
  return { data, error, reload };
}
