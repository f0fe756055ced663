// Running-workspace limits an administrator sets; they override KALPANA_MAX_RUNNING_PER_USER and
// _TOTAL (workspaces/quota.ts reads them inside every claim). Null clears an override.
import type { QuotaInput, QuotaView } from "../../contract/admin";
import { audit } from "../audit/audit";
import type { SessionUser } from "../auth/session";
import { config } from "../config";
import { QUOTA_KEYS, readQuotaOverrides, writeSetting } from "../db/admin";
import { inTx } from "../db/tx";

export async function quotaView(): Promise<QuotaView> {
  const c = config();
  const defaults = { perUser: c.KALPANA_MAX_RUNNING_PER_USER, total: c.KALPANA_MAX_RUNNING_TOTAL };
  const overrides = await readQuotaOverrides();
  return {
    effective: { perUser: overrides.perUser ?? defaults.perUser, total: overrides.total ?? defaults.total },
    defaults,
    overrides,
  };
}

export async function setQuotas(admin: SessionUser, input: QuotaInput): Promise<QuotaView> {
  await inTx(async (tx) => {
    for (const k of ["perUser", "total"] as const)
      if (input[k] !== undefined) await writeSetting(QUOTA_KEYS[k], input[k], admin.id, tx);
  });
  const view = await quotaView();
  const show = (v: number | null) => (v === null ? "default" : String(v));
  await audit({
    userId: admin.id,
    action: "admin.quota-set",
    summary: `per user ${show(view.overrides.perUser)}, total ${show(view.overrides.total)}`,
  });
  return view;
}
