// The page table: a page of get_objects or a Query list read ({count, start, returned, next_start, items}). Its columns
// and rows, how much of the set it shows ("1–20 of 200 contacts"), and previous/next buttons that call the same tool
// with the same arguments and another start.
const PageTable = (() => {
  const { el, label, text } = Ui;
  const MAX_ROWS = 10; // 500 px at most, no scrolling inside the frame
  const MAX_COLUMNS = 8;
  const DEFAULT_LIMIT = 20;
  const NOUNS = {
    get_invoices: "invoices", get_payments: "payments", get_purchases: "purchases", get_failed_transactions: "transactions",
    get_recent_tasks: "tasks", get_recent_notes: "notes", get_recent_messages: "messages", get_contact_log: "log items",
    get_automation_log: "log items", get_scheduled_broadcasts: "broadcasts", get_subscribers: "subscribers", get_groups: "groups",
  };

  function matches(json) {
    return !!json && typeof json === "object" && Array.isArray(json.items);
  }

  function toolOf(json) {
    return Bridge.toolName() || (json.object_type ? "get_objects" : null);
  }

  function noun(json, tool) {
    if (json.object_type) {
      return String(json.object_type).toLowerCase();
    }
    return NOUNS[tool] || "records";
  }

  function columnsOf(json) {
    if (Array.isArray(json.columns) && json.columns.length > 0) {
      return json.columns.map(String);
    }
    const seen = [];
    for (const item of json.items) {
      for (const key of Object.keys(item || {})) {
        if (!seen.includes(key)) {
          seen.push(key);
        }
      }
    }
    return seen;
  }

  let loading = false;

  async function go(state, tool, start) {
    if (loading) {
      return;
    }
    loading = true;
    const args = { ...(state.input || {}), start };
    Bridge.state.pageError = null;
    rerender();
    try {
      const result = await Bridge.callTool(tool, args);
      if (result && result.isError) {
        // Keep the page on screen and say why the next one did not come.
        Bridge.state.pageError = Ui.answer(result).text || "The page could not be read.";
      } else {
        state.input = args;
        state.result = result;
      }
    } catch (error) {
      Bridge.state.pageError = "The host did not run " + tool + ": " + error.message;
    } finally {
      loading = false;
      rerender();
    }
  }

  let rerender = () => {};

  function render(root, json, state, again) {
    rerender = again;
    const tool = toolOf(json);
    const what = noun(json, tool);
    const count = Number.isFinite(json.count) ? json.count : null;
    const start = Number.isFinite(json.start) ? json.start : 0;
    const returned = Number.isFinite(json.returned) ? json.returned : json.items.length;
    const title = json.object_type ? String(json.object_type) : label(what);

    if (returned === 0) {
      Ui.fill(root, 
        el("h1", {}, title),
        el("p", { role: "status", class: "status" },
          start > 0 && count ? `No ${what} after ${count}; this set has ${count}.` : `No ${what} match.`));
      return;
    }

    const first = start + 1;
    const last = start + returned;
    const range = first === last
      ? `${first} of ${count ?? last} ${what}`
      : `${first}–${last} of ${count ?? (json.next_start !== undefined ? "more than " + last : last)} ${what}`;
    const columns = columnsOf(json);
    const shownColumns = columns.slice(0, MAX_COLUMNS);
    const rows = json.items.slice(0, MAX_ROWS);
    const limit = Number((state.input && state.input.limit) || DEFAULT_LIMIT);
    const hasNext = json.next_start !== undefined && json.next_start !== null;
    const canCall = !!tool && !!state.input;
    const why = !tool ? "This host does not say which tool made this page." : !state.input ? "Waiting for the call's arguments." : null;

    const notes = [];
    if (rows.length < json.items.length) {
      notes.push(`${rows.length} of this page's ${json.items.length} rows shown; ask for a smaller limit to see each page whole.`);
    }
    if (shownColumns.length < columns.length) {
      notes.push(`${shownColumns.length} of ${columns.length} columns shown.`);
    }

    Ui.fill(root, 
      el("table", { "aria-label": title },
        el("caption", {}, title),
        el("thead", {}, el("tr", {}, shownColumns.map(c => el("th", { scope: "col", class: c === "id" ? "id" : null, "data-column": c }, label(c))))),
        el("tbody", {}, rows.map(item => el("tr", {}, shownColumns.map(c => {
          const value = text(item ? item[c] : "", true);
          return el("td", { title: text(item ? item[c] : "") }, value);
        }))))),
      el("p", { class: "status", role: "status" }, loading ? "Loading…" : range),
      notes.map(n => el("p", { class: "sub" }, n)),
      Bridge.state.pageError ? el("p", { role: "alert", class: "alert" }, Bridge.state.pageError) : null,
      why && (hasNext || start > 0) ? el("p", { class: "sub" }, why) : null,
      el("div", { class: "actions" },
        el("button", {
          type: "button",
          disabled: !canCall || start <= 0,
          "aria-disabled": loading ? "true" : null, // busy: keeps focus where it is, clicks are ignored
          onclick: () => go(state, tool, Math.max(0, start - limit)),
        }, "Previous page"),
        el("button", {
          type: "button",
          disabled: !canCall || !hasNext,
          "aria-disabled": loading ? "true" : null,
          onclick: () => go(state, tool, json.next_start),
        }, "Next page")));
  }

  return { matches, render };
})();
