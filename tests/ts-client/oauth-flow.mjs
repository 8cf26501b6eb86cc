// Signs in to the server in oauth mode with the official TypeScript SDK's OAuth client (an OAuthClientProvider given to
// StreamableHTTPClientTransport): discovery from the MCP endpoint's 401, dynamic registration, authorization code with
// PKCE, the consent page filled in the way a user would (GET the page, POST its form with the App ID and API key, follow
// the redirect to this script's loopback listener), finishAuth, tools/list and one tools/call, then a refresh through the
// SDK's auth(). Prints one JSON line with what it saw; exits non-zero on any failure.
//
// usage: node oauth-flow.mjs <server url>/mcp <app id> <api key>
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

const [url, appId, apiKey] = process.argv.slice(2);
if (!url || !appId || !apiKey) {
  console.error("usage: node oauth-flow.mjs <server url>/mcp <app id> <api key>");
  process.exit(2);
}
const serverUrl = new URL(url);

// The client's end of the redirect (RFC 8252 §7.3): a loopback listener that hands over the first query it receives.
let received;
const redirected = new Promise((resolve) => { received = resolve; });
const listener = createServer((request, response) => {
  const query = new URL(request.url, "http://127.0.0.1").searchParams;
  response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Signed in</title><p>You can close this window.</p>");
  received(query);
});
await new Promise((resolve) => listener.listen(0, "127.0.0.1", resolve));
const redirectUrl = `http://127.0.0.1:${listener.address().port}/callback`;

// Every request the SDK sends (discovery, registration, tokens, MCP), as method, path and status.
const seen = [];
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  const target = new URL(input instanceof Request ? input.url : input);
  seen.push(`${init?.method ?? (input instanceof Request ? input.method : "GET")} ${target.pathname} ${response.status}`);
  return response;
};

const decode = (text) => text.replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, entity) => {
  const named = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" }[entity.toLowerCase()];
  if (named) return named;
  return String.fromCodePoint(entity[1].toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
});

// The user at the consent page: read-only, records and queries only.
const consent = { pageNamedClient: false, redirectHostShown: false, status: 0 };
async function signInOnConsentPage(authorizationUrl) {
  const page = await fetch(authorizationUrl, { redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html.slice(0, 300)}`);
  consent.pageNamedClient = html.includes("TypeScript SDK OAuth client");
  consent.redirectHostShown = html.includes("<strong>127.0.0.1</strong>");
  const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const action = html.match(/<form method="post" action="([^"]+)">/);
  if (!action) throw new Error("the consent page has no form");
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    form.append(decode(name), decode(value));
  }
  if (!form.has("csrf_token")) throw new Error("the consent form carries no CSRF token");
  form.append("app_id", appId);
  form.append("api_key", apiKey);
  form.append("access", "read_only");
  form.append("toolsets", "crud");
  form.append("toolsets", "query");
  form.append("decision", "allow");
  const answer = await fetch(new URL(decode(action[1]), authorizationUrl), {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
  consent.status = answer.status;
  const location = answer.headers.get("location");
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
  if (!location.startsWith(redirectUrl)) throw new Error(`redirected to ${location}, not to ${redirectUrl}`);
  await (await fetch(location)).text(); // the browser follows the redirect to the client
}

const state = randomBytes(16).toString("base64url");
const store = {};
const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return {
      client_name: "TypeScript SDK OAuth client",
      redirect_uris: [redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  },
  state: () => state,
  clientInformation: () => store.client,
  saveClientInformation: (client) => { store.client = client; },
  tokens: () => store.tokens,
  saveTokens: (tokens) => { store.tokens = tokens; },
  saveCodeVerifier: (verifier) => { store.verifier = verifier; },
  codeVerifier: () => store.verifier,
  saveDiscoveryState: (discovery) => { store.discovery = discovery; },
  discoveryState: () => store.discovery,
  redirectToAuthorization: async (authorizationUrl) => {
    store.authorizationUrl = authorizationUrl;
    await signInOnConsentPage(authorizationUrl);
  },
};

// 1. The first connection meets the 401, discovers, registers and sends the user to the consent page.
let challenged = false;
const first = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider, fetch: recordingFetch });
try {
  await new Client({ name: "ts-sdk-oauth", version: "1.0.0" }).connect(first);
} catch (error) {
  if (!(error instanceof UnauthorizedError)) throw error;
  challenged = true;
}
if (!challenged) throw new Error("the server let an unauthenticated client in");

const query = await redirected;
listener.close();
const code = query.get("code");
const redirect = { hasCode: !!code, stateMatches: query.get("state") === state, iss: query.get("iss") };
if (!code) throw new Error(`the redirect carried no code: ${query}`);

// 2. The code for tokens (PKCE verifier and resource from the SDK), then a connection that works.
await first.finishAuth(code);
const firstTokens = store.tokens;
const client = new Client({ name: "ts-sdk-oauth", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider, fetch: recordingFetch });
await client.connect(transport);
const { tools } = await client.listTools();
const result = await client.callTool({ name: "get_objects", arguments: { object_type: "contacts", limit: 2 } });
const page = JSON.parse(result.content[0].text);

// 3. Refresh through the SDK (it rotates the refresh token), then call again on the new access token.
const refreshed = await auth(provider, { serverUrl, fetchFn: recordingFetch });
const secondTokens = store.tokens;
const again = await client.callTool({ name: "get_objects", arguments: { object_type: "contacts", limit: 1 } });
const spent = await fetch(store.discovery.authorizationServerMetadata.token_endpoint, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ grant_type: "refresh_token", client_id: store.client.client_id, refresh_token: firstTokens.refresh_token }),
});
const spentBody = await spent.json();

console.log(JSON.stringify({
  challenged,
  requests: seen,
  authorizationServer: store.discovery.authorizationServerUrl,
  issuer: store.discovery.authorizationServerMetadata.issuer,
  resource: store.discovery.resourceMetadata?.resource ?? null,
  clientId: store.client.client_id,
  authorizationUrl: {
    codeChallengeMethod: store.authorizationUrl.searchParams.get("code_challenge_method"),
    resource: store.authorizationUrl.searchParams.get("resource"),
    scope: store.authorizationUrl.searchParams.get("scope"),
  },
  consent,
  redirect,
  protocolVersion: transport.protocolVersion ?? null,
  server: client.getServerVersion()?.name,
  tools: tools.map((t) => t.name),
  isError: result.isError ?? false,
  returned: page.returned,
  refresh: {
    result: refreshed,
    accessTokenChanged: secondTokens.access_token !== firstTokens.access_token,
    refreshTokenRotated: !!secondTokens.refresh_token && secondTokens.refresh_token !== firstTokens.refresh_token,
    afterRefreshIsError: again.isError ?? false,
    afterRefreshReturned: JSON.parse(again.content[0].text).returned,
    spentRefreshStatus: spent.status,
    spentRefreshError: spentBody.error ?? null,
  },
}));
await client.close();
