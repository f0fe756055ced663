// The only module that talks to GitHub's REST API. The base URL is configurable so GitHub Enterprise
// Server works; calls use the signed-in user's OAuth token, stored encrypted by better-auth.
import { z } from "zod";
import { type Branch, branchSchema, type Repo, repoSchema } from "../../contract/github";
import { auth } from "../auth/auth";
import { config } from "../config";
import { linkedAccountId } from "../db/accounts";
import { AppError } from "../errors";
import { logger } from "../log/log";

const log = logger("github");

/** The user's GitHub OAuth token (decrypted by better-auth), or null when no GitHub account is linked. */
export async function githubToken(userId: string): Promise<string | null> {
  const accountId = await linkedAccountId(userId, "github");
  if (!accountId) return null;
  try {
    const res = await auth().api.getAccessToken({ body: { accountId, userId } });
    return res?.accessToken ?? null;
  } catch (err) {
    log.error({ err: (err as Error).message }, "stored token unavailable");
    return null;
  }
}

async function requireToken(userId: string): Promise<string> {
  const token = await githubToken(userId);
  if (!token) throw new AppError("forbidden", "Connect your GitHub account to list repositories");
  return token;
}

async function gh<T>(token: string, pathAndQuery: string, schema: z.ZodType<T>): Promise<T> {
  const url = `${config().GITHUB_API_URL.replace(/\/$/, "")}${pathAndQuery}`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token}`,
        "user-agent": "kalpana",
        "x-github-api-version": "2022-11-28",
      },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    log.error({ path: pathAndQuery, err: (err as Error).message }, "GitHub unreachable");
    throw new AppError("unavailable", "GitHub could not be reached. Try again in a moment.");
  }
  return checked(res, pathAndQuery, schema);
}

async function checked<T>(res: Response, pathAndQuery: string, schema: z.ZodType<T>): Promise<T> {
  if (res.status === 401) throw new AppError("forbidden", "GitHub rejected the stored token: sign in again");
  if (res.status === 404) throw new AppError("not_found", "Repository not found on GitHub");
  if (!res.ok) {
    log.error({ path: pathAndQuery, status: res.status }, `GitHub answered ${res.status}`);
    throw new AppError("unavailable", `GitHub answered ${res.status}. Try again in a moment.`);
  }
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) throw new AppError("unavailable", "GitHub sent an unexpected answer");
  return parsed.data;
}

const PER_PAGE = 100;
const MAX_PAGES = 10;

/** The user's repositories (private included), most recently updated first, filtered by `query`. */
export async function listRepos(userId: string, query = ""): Promise<{ repos: Repo[]; truncated: boolean }> {
  const token = await requireToken(userId);
  const q = query.trim().toLowerCase();
  const repos: Repo[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const batch = await gh(
      token,
      `/user/repos?per_page=${PER_PAGE}&page=${page}&sort=updated&affiliation=owner,collaborator,organization_member`,
      z.array(repoSchema),
    );
    repos.push(...batch.filter((r) => !q || r.full_name.toLowerCase().includes(q)));
    if (batch.length < PER_PAGE) return { repos, truncated: false };
  }
  return { repos, truncated: true };
}

const namePart = /^[A-Za-z0-9_.-]{1,100}$/;

export async function listBranches(userId: string, owner: string, repo: string): Promise<Branch[]> {
  if (!namePart.test(owner) || !namePart.test(repo)) {
    throw new AppError("invalid_argument", "Owner and repository names may use letters, digits, . _ -");
  }
  const token = await requireToken(userId);
  const branches: Branch[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const batch = await gh(
      token,
      `/repos/${owner}/${repo}/branches?per_page=${PER_PAGE}&page=${page}`,
      z.array(branchSchema),
    );
    branches.push(...batch);
    if (batch.length < PER_PAGE) break;
  }
  return branches;
}

// GET /repos/{o}/{r}/contents/{path}: a file answers with its size and (up to 1 MB) base64 content;
// a folder with an array, a symlink with its target.
const contentsSchema = z.union([
  z.object({
    type: z.literal("file"),
    size: z.number(),
    encoding: z.string().optional(),
    content: z.string().optional(),
  }),
  z.object({ type: z.enum(["symlink", "submodule", "dir"]) }),
  z.array(z.unknown()),
]);

export type RepoFile =
  | { state: "absent" }
  | { state: "too-large"; size: number }
  | { state: "not-a-file"; type: string }
  | { state: "file"; text: string };

/**
 * One file of a repository through the contents API, read before any clone. A missing file (or
 * repository, or ref) is "absent"; over `maxBytes`, a symlink or a folder is reported, not read.
 */
export async function repoFile(
  userId: string,
  owner: string,
  repo: string,
  filePath: string,
  ref: string | undefined,
  maxBytes: number,
): Promise<RepoFile> {
  if (!namePart.test(owner) || !namePart.test(repo)) {
    throw new AppError("invalid_argument", "Owner and repository names may use letters, digits, . _ -");
  }
  const token = await requireToken(userId);
  const segments = filePath.split("/").map(encodeURIComponent).join("/");
  const query = ref ? `?ref=${encodeURIComponent(ref)}` : "";
  let found: z.infer<typeof contentsSchema>;
  try {
    found = await gh(token, `/repos/${owner}/${repo}/contents/${segments}${query}`, contentsSchema);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return { state: "absent" };
    throw err;
  }
  if (Array.isArray(found)) return { state: "not-a-file", type: "dir" };
  if (found.type !== "file") return { state: "not-a-file", type: found.type };
  if (found.size > maxBytes) return { state: "too-large", size: found.size };
  if (found.encoding !== "base64" || found.content === undefined)
    return { state: "too-large", size: found.size };
  const bytes = Buffer.from(found.content, "base64");
  if (bytes.length > maxBytes) return { state: "too-large", size: bytes.length };
  return { state: "file", text: bytes.toString("utf8") };
}
