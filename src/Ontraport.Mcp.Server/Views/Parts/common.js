// What the three views share: building elements (text only, never HTML from data), reading the tool's answer (the
// compact JSON in content[0].text), readable labels and money.
const Ui = (() => {
  /** An element with attributes and children; strings become text nodes, so data never becomes markup. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) {
        continue;
      }
      if (name.startsWith("on") && typeof value === "function") {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child !== undefined && child !== null && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  /** Replaces what a node holds; nested lists are flattened and empty parts (null, false) left out. */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat(Infinity).filter(c => c !== undefined && c !== null && c !== false));
  }

  /** The answer's text and its JSON (null when the text is not JSON). */
  function answer(result) {
    const block = result && Array.isArray(result.content) ? result.content.find(c => c && c.type === "text") : null;
    const text = block ? String(block.text) : "";
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { text, json, error: !!(result && result.isError) };
  }

  /** Renders the states every view has (waiting, cancelled, error); returns true when one of them was shown. */
  function common(root, state, waitingText) {
    if (state.cancelled && !state.result) {
      fill(root, el("p", { role: "status", class: "status" }, "The call was cancelled: " + state.cancelled));
      return true;
    }
    if (!state.result) {
      fill(root, el("p", { role: "status", class: "status" }, waitingText || "Waiting for the result…"));
      return true;
    }
    const { text, error } = answer(state.result);
    if (error) {
      fill(root, el("h1", {}, "The call failed"), el("p", { role: "alert", class: "alert" }, text || "The call failed."));
      return true;
    }
    return false;
  }

  const LABELS = {
    firstname: "First name", lastname: "Last name", email: "Email", office_phone: "Office phone", sms_number: "SMS number",
    home_phone: "Home phone", cell_phone: "Cell phone", date: "Added", dla: "Last activity", dlm: "Last modified",
    bulk_mail: "Email status", bulk_sms: "SMS status", n_lead_source: "Lead source", zip: "ZIP", id: "ID",
    spent: "Spent", owner: "Owner", company: "Company", title: "Title", status: "Status", total: "Total",
    due_date: "Due", contact: "Contact", products: "Products", name: "Name", timezone: "Time zone",
  };

  /** A field's readable label: known ones by name, others from their snake_case name. */
  function label(key) {
    if (LABELS[key]) {
      return LABELS[key];
    }
    const words = String(key).replace(/_/g, " ").trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** A value as text: named references by name, lists joined, ISO dates as dates (only the day when short). */
  function text(value, short) {
    if (value === null || value === undefined) {
      return "";
    }
    if (Array.isArray(value)) {
      return value.map(v => text(v, short)).filter(Boolean).join(", ");
    }
    if (typeof value === "object") {
      if ("name" in value) {
        return text(value.name, short);
      }
      return Object.entries(value).map(([k, v]) => label(k) + ": " + text(v)).join("; ");
    }
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/.test(value)) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) {
        return short ? date.toISOString().slice(0, 10) : date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
      }
    }
    return String(value);
  }

  /** A record's display name: its name, or first and last name, or title, or email, else its type and id. */
  function displayName(record, type) {
    if (!record || typeof record !== "object") {
      return type || "Record";
    }
    const person = [record.firstname, record.lastname].filter(Boolean).join(" ");
    const name = record.name || person || record.title || record.email || record.subject;
    if (name) {
      return text(name);
    }
    return (type || "Record") + (record.id !== undefined ? " " + record.id : "");
  }

  /** "299.00 USD" → { amount: 299, currency: "USD", text: "$299.00" }; null when it is not an amount. */
  function money(value) {
    const match = /^\s*(-?[\d,]+(?:\.\d+)?)\s+([A-Z]{3})\s*$/.exec(String(value || ""));
    if (!match) {
      return null;
    }
    const amount = Number(match[1].replace(/,/g, ""));
    let formatted;
    try {
      formatted = new Intl.NumberFormat("en-US", { style: "currency", currency: match[2] }).format(amount);
    } catch {
      formatted = match[1] + " " + match[2];
    }
    return { amount, currency: match[2], text: formatted };
  }

  /** An "Open in Ontraport" button that asks the host to open the record's page. */
  function openButton(url) {
    if (typeof url !== "string" || !/^https:\/\//.test(url)) {
      return null;
    }
    const status = el("span", { role: "status", class: "status" });
    const button = el("button", {
      type: "button",
      onclick: async () => {
        status.textContent = "";
        try {
          await Bridge.openLink(url);
        } catch (error) {
          status.textContent = "The host did not open the link: " + error.message;
        }
      },
    }, "Open in Ontraport");
    return [button, status];
  }

  /**
   * Starts a view: every change the host brings redraws it with the first renderer that knows the answer's shape.
   * Keyboard focus stays on the button it was on when that button is drawn again.
   */
  function mount(renderers) {
    const root = document.getElementById("app");
    const draw = () => {
      const active = document.activeElement;
      const focused = active && active.tagName === "BUTTON" ? active.textContent : null;
      const state = Bridge.state;
      if (!common(root, state)) {
        const { json, text: raw } = answer(state.result);
        const renderer = json ? renderers.find(r => r.matches(json)) : null;
        if (renderer) {
          renderer.render(root, json, state, draw);
        } else {
          fill(root, el("p", { role: "status", class: "status" }, raw || "Nothing to show."));
        }
      }
      if (focused) {
        const buttons = [...root.querySelectorAll("button")].filter(b => !b.disabled);
        const again = buttons.find(b => b.textContent === focused) || buttons[0];
        if (again) {
          again.focus();
        }
      }
    };
    Bridge.start(draw);
  }

  return { el, fill, answer, common, label, text, displayName, money, openButton, mount };
})();
