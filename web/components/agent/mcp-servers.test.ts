// The panel's MCP server list, rendered by React (server rendering of the real component): status,
// tool count with the names, readable errors, a config error; server text is escaped, never markup.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { tsImport } from "tsx/esm/api";
import type { McpStatus } from "@/contract/mcp";

const webRoot = path.resolve(import.meta.dirname, "../..");
const load = () =>
  tsImport(path.join(webRoot, "components/agent/mcp-servers.tsx"), {
    parentURL: import.meta.url,
    tsconfig: path.join(webRoot, "tsconfig.json"),
  }) as Promise<typeof import("./mcp-servers")>;

test("MCP server list: statuses, tools and errors as the panel shows them", async () => {
  const { McpServerList } = await load();
  const status: McpStatus = {
    configured: true,
    servers: [
      { name: "test", kind: "stdio", status: "connected", tools: ["mcp_test_echo", "mcp_test_add"] },
      {
        name: "broken",
        kind: "stdio",
        status: "error",
        tools: [],
        error: 'the server wrote something that is not a JSON-RPC message: "<img src=x onerror=alert(1)>"',
      },
      {
        name: "far",
        kind: "remote",
        status: "disabled",
        tools: [],
        error: "Remote MCP servers are not connected",
      },
    ],
  };
  const html = renderToStaticMarkup(createElement(McpServerList, { status }));
  assert.match(
    html,
    /data-testid="mcp-server-test".*test.*connected.*title="mcp_test_echo\nmcp_test_add">2 tools/s,
  );
  assert.match(html, /data-testid="mcp-server-broken".*error.*0 tools.*not a JSON-RPC message/s);
  assert.ok(!html.includes("<img"), "server text is escaped");
  assert.match(html, /data-testid="mcp-server-far".*disabled.*Remote MCP servers are not connected/s);
  assert.ok(!html.includes("mcp-remote"), "no switch without its handler");
  const onChange = () => {};
  const off = renderToStaticMarkup(
    createElement(McpServerList, { status, remote: { allowed: false, onChange } }),
  );
  assert.match(
    off,
    /data-testid="mcp-remote".*type="checkbox"(?![^>]*checked).*Allow remote MCP servers for this workspace.*the web server connects to these URLs; their tools see what the agent sends them/is,
  );
  const on = renderToStaticMarkup(
    createElement(McpServerList, { status, remote: { allowed: true, onChange } }),
  );
  assert.match(on, /type="checkbox" checked=""/);
  const stdioOnly = renderToStaticMarkup(
    createElement(McpServerList, {
      status: { configured: true, servers: [status.servers[0]!] },
      remote: { allowed: false, onChange },
    }),
  );
  assert.ok(!stdioOnly.includes("mcp-remote"), "no switch when the file declares no remote server");
  const bad = renderToStaticMarkup(
    createElement(McpServerList, {
      status: { configured: true, configError: ".kalpana/mcp.json is not valid JSON", servers: [] },
    }),
  );
  assert.match(bad, /text-danger">.kalpana\/mcp.json is not valid JSON/);
});
