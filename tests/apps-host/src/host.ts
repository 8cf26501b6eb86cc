// A minimal MCP Apps host built on the official host library: one sandboxed iframe per render, connected with
// AppBridge over PostMessageTransport, the way Claude, ChatGPT and the ext-apps basic-host connect a view. The browser
// tests (tests/Ontraport.Mcp.Server.Tests/Views/Browser) drive it through window.mcpHost:
//   render({ html, toolInput, toolResult, theme, resultFirst }) loads a view and hands it the real call's input and result;
//   log lists every request the view sent (tools/call, ui/open-link, ui/message …) in order;
//   a view's tools/call is answered by window.hostCallTool, which the test exposes (Playwright ExposeFunction) and
//   performs through the real C# SDK client against the real server.
import { AppBridge, PostMessageTransport, type McpUiHostContext } from "@modelcontextprotocol/ext-apps/app-bridge";

type Theme = "light" | "dark";

interface LogEntry { method: string; params: unknown; }

interface RenderOptions {
  html: string;
  toolInput?: Record<string, unknown>;
  toolResult: unknown;
  theme?: Theme;
  /** Send the result before the input (a view must render either way). */
  resultFirst?: boolean;
  /** The tool's definition from tools/list: the host context's toolInfo, as Claude and ChatGPT send it. */
  tool?: Record<string, unknown>;
}

declare global {
  interface Window {
    hostCallTool?: (paramsJson: string) => Promise<string>;
    mcpHost: unknown;
  }
}

// Style variables of the kind Claude and ChatGPT send (names from the spec's McpUiStyleVariableKey).
const fonts = {
  "--font-sans": "ui-sans-serif, system-ui, -apple-system, \"Segoe UI\", sans-serif",
  "--font-mono": "ui-monospace, \"SFMono-Regular\", Menlo, monospace",
  "--font-weight-normal": "400",
  "--font-weight-medium": "500",
  "--font-weight-semibold": "600",
  "--font-weight-bold": "700",
  "--font-text-sm-size": "14px",
  "--font-text-md-size": "16px",
  "--font-heading-md-size": "20px",
  "--border-radius-sm": "6px",
  "--border-radius-md": "8px",
  "--border-radius-lg": "12px",
  "--border-width-regular": "1px",
};

const variables: Record<Theme, Record<string, string>> = {
  light: {
    ...fonts,
    "--color-background-primary": "#ffffff",
    "--color-background-secondary": "#f5f4ef",
    "--color-background-tertiary": "#ebe9e1",
    "--color-background-inverse": "#141413",
    "--color-background-danger": "#fdecec",
    "--color-background-success": "#e9f5ec",
    "--color-text-primary": "#141413",
    "--color-text-secondary": "#3d3d3a",
    "--color-text-tertiary": "#5e5d59",
    "--color-text-inverse": "#ffffff",
    "--color-text-danger": "#a3262a",
    "--color-text-success": "#1f6b35",
    "--color-text-info": "#1d5ea8",
    "--color-border-primary": "#8a8983",
    "--color-border-secondary": "#c8c6bd",
    "--color-ring-primary": "#1d5ea8",
  },
  dark: {
    ...fonts,
    "--color-background-primary": "#262624",
    "--color-background-secondary": "#1f1e1d",
    "--color-background-tertiary": "#30302e",
    "--color-background-inverse": "#faf9f5",
    "--color-background-danger": "#3b1d1d",
    "--color-background-success": "#1b3322",
    "--color-text-primary": "#faf9f5",
    "--color-text-secondary": "#dedcd3",
    "--color-text-tertiary": "#bfbdb4",
    "--color-text-inverse": "#141413",
    "--color-text-danger": "#ff9b94",
    "--color-text-success": "#8fd6a0",
    "--color-text-info": "#9cc6ff",
    "--color-border-primary": "#8a8983",
    "--color-border-secondary": "#4a4945",
    "--color-ring-primary": "#9cc6ff",
  },
};

let toolInfo: McpUiHostContext["toolInfo"];
let calls = 0;

function context(theme: Theme): McpUiHostContext {
  return {
    ...(toolInfo ? { toolInfo } : {}),
    theme,
    styles: { variables: variables[theme] } as McpUiHostContext["styles"],
    displayMode: "inline",
    availableDisplayModes: ["inline"],
    containerDimensions: { maxHeight: 500, width: 720 },
    locale: "en-US",
    timeZone: "UTC",
    platform: "web",
    deviceCapabilities: { touch: false, hover: true },
  };
}

const log: LogEntry[] = [];
const sizes: Array<{ width?: number; height?: number }> = [];
const errors: string[] = [];
let bridge: AppBridge | undefined;
let frame: HTMLIFrameElement | undefined;

async function render(options: RenderOptions): Promise<{ app?: string }> {
  const theme = options.theme ?? "light";
  document.body.dataset.theme = theme;
  await bridge?.close().catch(() => undefined);
  frame?.remove();
  log.length = 0;
  sizes.length = 0;
  toolInfo = options.tool ? { id: ++calls, tool: options.tool as NonNullable<McpUiHostContext["toolInfo"]>["tool"] } : undefined;

  const slot = document.getElementById("slot")!;
  frame = document.createElement("iframe");
  frame.title = "Ontraport view";
  frame.setAttribute("sandbox", "allow-scripts"); // opaque origin, as real hosts do
  slot.appendChild(frame);
  const iframe = frame;

  bridge = new AppBridge(null, { name: "ontraport-mcp-test-host", version: "1.0.0" },
    { openLinks: {}, serverTools: {}, logging: {} }, { hostContext: context(theme) });
  const current = bridge;
  current.oncalltool = async (params) => {
    log.push({ method: "tools/call", params });
    if (!window.hostCallTool) {
      return { content: [{ type: "text", text: "This test host forwards no tool calls." }], isError: true };
    }
    return JSON.parse(await window.hostCallTool(JSON.stringify(params)));
  };
  current.onopenlink = async (params) => {
    log.push({ method: "ui/open-link", params });
    return {};
  };
  current.onmessage = async (params) => {
    log.push({ method: "ui/message", params });
    return {};
  };
  current.onupdatemodelcontext = async (params) => {
    log.push({ method: "ui/update-model-context", params });
    return {};
  };
  current.onloggingmessage = (params) => { log.push({ method: "notifications/message", params }); };
  current.onsizechange = ({ width, height }) => {
    sizes.push({ width, height });
    if (height !== undefined) {
      iframe.style.height = `${height}px`; // exactly what the view asks for: the tests check it stays ≤ 500 px
    }
  };
  const initialized = new Promise<void>((resolve) => { current.oninitialized = () => resolve(); });

  await current.connect(new PostMessageTransport(iframe.contentWindow!, iframe.contentWindow!));
  iframe.srcdoc = options.html;
  await withTimeout(initialized, 10000, "the view never sent ui/notifications/initialized");

  const input = () => current.sendToolInput({ arguments: options.toolInput ?? {} });
  const result = () => current.sendToolResult(options.toolResult as Parameters<AppBridge["sendToolResult"]>[0]);
  if (options.resultFirst) {
    await result();
    await input();
  } else {
    await input();
    await result();
  }

  return { app: current.getAppVersion()?.name };
}

async function setTheme(theme: Theme): Promise<void> {
  document.body.dataset.theme = theme;
  await bridge?.sendHostContextChange(context(theme));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

window.addEventListener("error", (event) => errors.push(String(event.message)));

// A barrier for "nothing more was sent": the test posts { ontraportTestBarrier: n } from inside the view after the
// view's pending tasks; postMessage keeps order per source, so every request the view sent before it has been logged.
const barriers = new Map<number, () => void>();
const arrived = new Set<number>();
window.addEventListener("message", (event) => {
  const n = (event.data as { ontraportTestBarrier?: number } | null)?.ontraportTestBarrier;
  if (typeof n === "number" && event.source === frame?.contentWindow) {
    arrived.add(n);
    barriers.get(n)?.();
  }
});
function barrier(n: number): Promise<void> {
  return arrived.has(n) ? Promise.resolve() : new Promise<void>((resolve) => barriers.set(n, resolve));
}

window.mcpHost = {
  render,
  setTheme,
  log,
  sizes,
  errors,
  barrier,
  appCapabilities: () => bridge?.getAppCapabilities(),
};
