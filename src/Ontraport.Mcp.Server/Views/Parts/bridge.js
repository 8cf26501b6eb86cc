// The one postMessage bridge of the three views (MCP Apps, io.modelcontextprotocol/ui, 2026-01-26): JSON-RPC 2.0 with
// the host. Written by hand so the views stay self-contained; the browser tests prove it against the official AppBridge.
// It keeps what the host handed over (arguments, result, host context) and calls View.render() whenever that changes,
// so a view renders the same whether the arguments arrive before or after the result.
"use strict";
const Bridge = (() => {
  const PROTOCOL = "2026-01-26";
  const host = window.parent;
  const pending = new Map();
  let nextId = 1;
  let onChange = () => {};
  const state = { input: null, result: null, cancelled: null, context: {}, initialized: false };

  const post = message => host.postMessage({ jsonrpc: "2.0", ...message }, "*");

  function request(method, params) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      post({ id, method, params });
    });
  }

  const notify = (method, params) => post({ method, params });

  // The host's theme and style variables: variables go on :root, the theme picks light-dark() fallbacks.
  function applyContext(partial) {
    Object.assign(state.context, partial || {});
    const root = document.documentElement;
    const theme = state.context.theme;
    if (theme === "light" || theme === "dark") {
      root.dataset.theme = theme;
      root.style.colorScheme = theme;
    }
    const variables = state.context.styles && state.context.styles.variables;
    if (variables && typeof variables === "object") {
      for (const [name, value] of Object.entries(variables)) {
        if (name.startsWith("--") && typeof value === "string" && value) {
          root.style.setProperty(name, value);
        }
      }
    }
  }

  function changed() {
    try {
      onChange(state);
    } catch (error) {
      console.error(error);
    }
  }

  const notifications = {
    "ui/notifications/tool-input": params => { state.input = (params && params.arguments) || {}; changed(); },
    "ui/notifications/tool-result": params => { state.result = params || {}; state.cancelled = null; changed(); },
    "ui/notifications/tool-cancelled": params => { state.cancelled = (params && params.reason) || "cancelled"; changed(); },
    "ui/notifications/host-context-changed": params => { applyContext(params); changed(); },
  };

  // Requests from the host: answer each one, never leave it waiting.
  const requests = {
    "ping": () => ({}),
    "ui/resource-teardown": () => ({}),
  };

  window.addEventListener("message", event => {
    if (event.source !== host) {
      return;
    }
    const message = event.data;
    if (!message || message.jsonrpc !== "2.0") {
      return;
    }
    if (message.method === undefined && message.id !== undefined) {
      const waiting = pending.get(message.id);
      if (waiting) {
        pending.delete(message.id);
        if (message.error) {
          waiting.reject(new Error(message.error.message || "The host refused the request."));
        } else {
          waiting.resolve(message.result || {});
        }
      }
      return;
    }
    if (message.id !== undefined) {
      const handler = requests[message.method];
      if (handler) {
        post({ id: message.id, result: handler(message.params) });
      } else {
        post({ id: message.id, error: { code: -32601, message: "Method not found: " + message.method } });
      }
      return;
    }
    const handler = notifications[message.method];
    if (handler) {
      handler(message.params);
    }
  });

  // Report the content's size whenever it changes, so the host can fit the frame (no scrolling inside it).
  let lastWidth = 0;
  let lastHeight = 0;
  let scheduled = false;
  function reportSize() {
    scheduled = false;
    const root = document.documentElement;
    const width = Math.ceil(root.scrollWidth);
    const height = Math.ceil(root.scrollHeight);
    if (width !== lastWidth || height !== lastHeight) {
      lastWidth = width;
      lastHeight = height;
      notify("ui/notifications/size-changed", { width, height });
    }
  }
  function watchSize() {
    const schedule = () => {
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(reportSize);
      }
    };
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(schedule).observe(document.documentElement);
    }
    schedule();
  }

  async function start(render) {
    onChange = render;
    changed();
    try {
      const result = await request("ui/initialize", {
        appInfo: { name: "ontraport-mcp-view", version: "1.0.0" },
        appCapabilities: {},
        protocolVersion: PROTOCOL,
      });
      applyContext(result.hostContext);
    } catch (error) {
      console.error(error);
    }
    state.initialized = true;
    notify("ui/notifications/initialized", {});
    watchSize();
    changed();
  }

  return {
    start,
    state,
    /** Calls a tool of this server through the host; resolves with the CallToolResult. */
    callTool: (name, args) => request("tools/call", { name, arguments: args }),
    /** Asks the host to open a link (the host may ask the person first). */
    openLink: url => request("ui/open-link", { url }),
    /** The name of the tool whose result this view shows, when the host says it. */
    toolName: () => {
      const info = state.context.toolInfo;
      return (info && info.tool && info.tool.name) || null;
    },
  };
})();
