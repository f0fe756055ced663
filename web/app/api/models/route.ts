import { listModels } from "@/server/agent/models";
import { authed } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** Models the person may pick: OpenRouter's list (cached 1 h) ∩ KALPANA_MODELS. */
export const GET = authed(async () => listModels());
