// Bridge tests' git server: the shared smart-HTTP fixture (scripts/testing/git-http.fixture.ts)
// with one user whose Basic credentials must match exactly.
import { serveGitHttp } from "../../scripts/testing/git-http.fixture";

export interface GitHttpServer {
  url: string;
  /** Authorization headers seen, to prove what the client sent. */
  seenAuth: string[];
  close(): Promise<void>;
}

export async function startGitHttp(
  projectRoot: string,
  user: string,
  password: string,
): Promise<GitHttpServer> {
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const http = await serveGitHttp({
    projectRoot,
    host: "127.0.0.1",
    remoteUser: user,
    authorize: (headers) => headers.authorization === expected,
  });
  return { url: `http://127.0.0.1:${http.port}`, seenAuth: http.seenAuth, close: http.close };
}
