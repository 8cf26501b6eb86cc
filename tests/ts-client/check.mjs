// Connects to the server with the official TypeScript SDK client over streamable HTTP, lists the tools and calls
// get_objects. Prints one JSON line with what it saw; exits non-zero on any failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = process.argv[2];
if (!url) {
  console.error("usage: node check.mjs <server url>/mcp");
  process.exit(2);
}

const client = new Client({ name: "ts-sdk-check", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
const { tools } = await client.listTools();
const result = await client.callTool({ name: "get_objects", arguments: { object_type: "contacts", limit: 2 } });
const page = JSON.parse(result.content[0].text);
console.log(JSON.stringify({
  protocolVersion: client.transport?.protocolVersion ?? null,
  server: client.getServerVersion()?.name,
  tools: tools.length,
  isError: result.isError ?? false,
  returned: page.returned,
  count: page.count,
}));
await client.close();
