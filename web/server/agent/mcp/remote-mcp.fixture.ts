// A remote MCP server for tests: JSON-RPC over streamable HTTP (POST a message, answer it as
// application/json; notifications get 202; GET has no stream, 405), as the AI SDK's HTTP transport
// expects. It records every request, so a test can assert that nothing reached it.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RemoteMcp = {
  url: string;
  requests: Array<{ method: string; rpc?: string }>;
  /** Answers the next POST with this status and Location (a redirect test). */
  redirectTo: (location: string | null) => void;
  /** Never answers POSTs while on (a timeout test). */
  stall: (on: boolean) => void;
  close: () => Promise<void>;
};

export async function startRemoteMcp(): Promise<RemoteMcp> {
  const requests: RemoteMcp["requests"] = [];
  let redirect: string | null = null;
  let stalled = false;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.method !== "POST") {
        requests.push({ method: req.method ?? "" });
        res.writeHead(req.method === "DELETE" ? 200 : 405).end();
        return;
      }
      if (stalled) return;
      if (redirect) {
        requests.push({ method: "POST" });
        res.writeHead(302, { location: redirect }).end();
        return;
      }
      const m = JSON.parse(body) as {
        id?: number | string;
        method: string;
        params?: Record<string, unknown>;
      };
      requests.push({ method: "POST", rpc: m.method });
      if (m.id === undefined) {
        res.writeHead(202).end();
        return;
      }
      const reply = (payload: object) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: m.id, ...payload }));
      };
      if (m.method === "initialize")
        return reply({
          result: {
            protocolVersion: m.params?.protocolVersion ?? "2025-06-18",
            capabilities: { tools: {} },
            serverInfo: { name: "remote-test", version: "1.0.0" },
          },
        });
      if (m.method === "tools/list")
        return reply({
          result: {
            tools: [
              {
                name: "shout",
                description: "Upper-case the text.",
                inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
              },
            ],
          },
        });
      if (m.method === "tools/call") {
        const text = String((m.params?.arguments as { text?: unknown } | undefined)?.text ?? "");
        return reply({ result: { content: [{ type: "text", text: `remote: ${text.toUpperCase()}` }] } });
      }
      reply({ error: { code: -32601, message: `no method ${m.method}` } });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/mcp`,
    requests,
    redirectTo: (l) => {
      redirect = l;
    },
    stall: (on) => {
      stalled = on;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
