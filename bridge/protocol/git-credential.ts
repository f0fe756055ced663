import { z } from "zod";

// git's credential protocol as the bridge forwards it to the control plane: the in-container
// helper (ops/git/credential-helper.ts) asks, the bridge relays the ask to the web server's
// connection, which alone decides whether the person's token goes (web/server/git-credentials/).
// Only what decides that crosses: the scheme, the host (with port) and git's path if it sent one.

// git's protocol is line-based: a newline or NUL in a value would smuggle another key.
const NO_NEWLINE = /^[^\n\0]*$/;

/** A host as git writes it in `host=`: a name or an IP (IPv6 in brackets), an optional port. */
const GitHost = z
  .string()
  .max(255)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, "not a host[:port]");

export const GitCredentialAsk = z.object({
  protocol: z.enum(["https", "http"]),
  host: GitHost,
  path: z.string().max(2048).regex(NO_NEWLINE).optional(),
});
export type GitCredentialAsk = z.infer<typeof GitCredentialAsk>;

/** The answer: a username and password for git, or null (nothing: git goes on without). */
export const GitCredentialAnswer = z
  .object({
    username: z.string().min(1).max(256).regex(NO_NEWLINE),
    password: z.string().min(1).max(4096).regex(NO_NEWLINE),
  })
  .nullable();
export type GitCredentialAnswer = z.infer<typeof GitCredentialAnswer>;

/** The event the bridge emits (with an ack) to the connection that answers credential asks. */
export const GIT_CREDENTIAL_EVENT = "git:credential";

/** In the relay's folder (KALPANA_GIT_CREDENTIAL_DIR): the socket and the key the helper sends. */
export const CREDENTIAL_SOCKET = "credential.sock";
export const CREDENTIAL_KEY = "key";
export const CREDENTIAL_KEY_HEADER = "x-kalpana-git-key";
