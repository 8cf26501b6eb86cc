// The money card: a commerce tool's preview (a dry run with its sealed confirmation) or its result. Contact, card, line
// items, total and currency, gateway. On a preview one button ("Charge $299.00", "Refund $49.00") performs exactly
// the previewed call once: same tool, same arguments, dry_run removed, confirmation = the preview's.
const MoneyCard = (() => {
  const { el, text, money } = Ui;

  // The tool a preview came from, by the request it would send (when the host does not name the tool).
  function toolOf(json) {
    const named = Bridge.toolName();
    if (named) {
      return named;
    }
    const request = Array.isArray(json.requests) && json.requests[0] ? json.requests[0] : {};
    const path = String(request.path || "").toLowerCase();
    const body = request.body || {};
    if (path.endsWith("/transaction/processmanual")) {
      return body.chargeNow === "chargeLog" ? "log_offline_purchase" : "process_transaction";
    }
    if (path.endsWith("/transaction/payinvoice")) {
      return "pay_invoice";
    }
    if (path.endsWith("/transaction/rerun")) {
      return "rerun_transaction";
    }
    if (path.endsWith("/transaction/refund")) {
      return "refund_transaction";
    }
    if (path.endsWith("/transaction/createinvoice")) {
      return "create_invoice";
    }
    return null;
  }

  function matches(json) {
    return !!json && typeof json === "object" &&
      ["would_charge", "would_refund", "would_log", "would_create", "charged", "refunded", "logged", "declined", "invoice", "transaction"]
        .some(key => key in json);
  }

  const VERBS = {
    would_charge: ["Charge", "Charged", "Charging…"],
    would_refund: ["Refund", "Refunded", "Refunding…"],
    would_log: ["Log", "Logged", "Logging…"],
  };

  function contactOf(json, input) {
    const named = [json.transaction, json.invoice, json.would_create].find(part => part && part.contact);
    if (named) {
      const contact = named.contact;
      return typeof contact === "object" ? `${text(contact.name)} (ID ${contact.id})` : text(contact);
    }
    const body = Array.isArray(json.requests) && json.requests[0] ? json.requests[0].body || {} : {};
    if (input && input.contact !== undefined) {
      return /^\d+$/.test(String(input.contact)) ? "Contact ID " + input.contact : text(input.contact);
    }
    return body.contact_id !== undefined ? "Contact ID " + body.contact_id : null;
  }

  function itemsOf(json) {
    const invoice = json.invoice || {};
    if (Array.isArray(invoice.items)) {
      return invoice.items.map(i => `${i.quantity ?? 1} × ${text(i.name)} — ${money(i.total)?.text ?? text(i.total)}`);
    }
    const body = Array.isArray(json.requests) && json.requests[0] ? json.requests[0].body || {} : {};
    const offer = body.offer || {};
    if (Array.isArray(offer.products)) {
      return offer.products.map(p => `${p.quantity ?? 1} × ${text(p.name)}` + (p.total !== undefined ? ` — ${Number(p.total).toFixed(2)}` : ""));
    }
    if (json.transaction && json.transaction.products) {
      return String(json.transaction.products).split(/;\s*/);
    }
    return [];
  }

  let sent = false; // one click sends once; a second click sends nothing
  let outcome = null;
  let rerender = () => {};

  async function perform(state, tool, preview) {
    if (sent) {
      return;
    }
    sent = true;
    const args = { ...(state.input || {}) };
    delete args.dry_run;
    args.confirmation = preview.confirmation;
    outcome = { busy: true };
    rerender();
    try {
      const result = await Bridge.callTool(tool, args);
      outcome = { result };
    } catch (error) {
      outcome = { failure: "The host did not run " + tool + ": " + error.message };
    }
    rerender();
  }

  const MAX_ITEMS = 6; // 500 px at most

  const full = value => { const m = money(value); return m ? `${m.text} ${m.currency}` : value ? text(value) : null; };

  // What the card states: who, which card, how much (a refund beside the invoice's total), through which gateway.
  function facts(json, state) {
    const rows = [];
    const add = (name, value) => { if (value) rows.push([name, value]); };
    const amount = amountOf(json);
    const invoiceTotal = (json.transaction && json.transaction.total) || (json.invoice && json.invoice.total) || (json.would_create && json.would_create.total);
    const refund = amount && (amount.key === "would_refund" || amount.key === "refunded");
    add("Contact", contactOf(json, state.input));
    add("Card", json.card ? text(json.card) : null);
    if (refund) {
      add("Refund", full(amount.raw));
      add("Total", full(invoiceTotal));
    } else {
      add("Total", full(amount ? amount.raw : invoiceTotal));
    }
    add("Left to refund", json.left_to_refund ? full(json.left_to_refund) : null);
    add("Gateway", json.gateway ? text(json.gateway) : json.invoice && json.invoice.gateway_id ? "Gateway ID " + json.invoice.gateway_id : null);
    add("Method", json.method ? text(json.method) : null);
    add("Invoice", json.invoice_id ? "ID " + json.invoice_id : json.invoice && json.invoice.id ? "ID " + json.invoice.id : null);
    add("Status", json.invoice && json.invoice.status ? text(json.invoice.status) : json.transaction && json.transaction.status ? text(json.transaction.status) : null);
    const items = itemsOf(json);
    const shown = items.slice(0, MAX_ITEMS);
    return el("div", {},
      el("dl", {}, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      shown.length ? el("div", {}, el("p", { class: "sub" }, "Line items"), el("ul", { class: "items" }, shown.map(i => el("li", {}, i)),
        items.length > shown.length ? el("li", {}, `and ${items.length - shown.length} more`) : null)) : null);
  }

  function amountOf(json) {
    for (const key of ["would_charge", "would_refund", "would_log", "charged", "refunded", "logged"]) {
      if (json[key]) {
        return { key, value: money(json[key]), raw: String(json[key]) };
      }
    }
    const total = (json.would_create && json.would_create.total) || (json.invoice && json.invoice.total) || (json.transaction && json.transaction.total);
    return total ? { key: "total", value: money(total), raw: String(total) } : null;
  }

  function render(root, json, state, again) {
    rerender = again;
    if (json.declined) {
      Ui.fill(root, el("h1", {}, "Declined"), el("p", { role: "status", class: "status" }, json.note || "Nothing was sent to Ontraport."));
      return;
    }
    const amount = amountOf(json);
    const preview = json.dry_run === true;
    const verbs = amount && VERBS[amount.key];

    if (!preview) {
      const done = json.charged ? "Charged" : json.refunded ? "Refunded" : json.logged ? "Logged" : "Done";
      Ui.fill(root, 
        el("h1", {}, `${done} ${amount && amount.value ? amount.value.text : ""}`.trim()),
        facts(json, state));
      return;
    }

    const tool = toolOf(json);
    const heading = verbs ? `${verbs[0]} ${amount.value ? amount.value.text : amount.raw}?` : "Preview";
    const parts = [el("h1", {}, heading), el("p", { class: "sub" }, "Preview: nothing has been sent yet."), facts(json, state)];

    if (outcome && outcome.result) {
      const done = Ui.answer(outcome.result);
      if (done.error) {
        parts.push(el("p", { role: "alert", class: "alert" }, done.text || "The call failed."),
          el("p", { class: "sub" }, "This preview's confirmation is used up; ask for a new preview to try again."));
      } else if (done.json && done.json.declined) {
        parts.push(el("p", { role: "status", class: "status" }, "Declined: " + (done.json.note || "nothing was sent.")));
      } else {
        // Done: the card now shows what Ontraport answered, not the preview.
        const result = done.json || {};
        const shown = amountOf(result) || amount;
        Ui.fill(root,
          el("h1", {}, `${verbs ? verbs[1] : "Done"} ${shown && shown.value ? shown.value.text : ""}`.trim()),
          el("p", { role: "status", class: "done" }, `${verbs ? verbs[1] : "Done"}` +
            (result.invoice_id ? ` · invoice ${result.invoice_id}` : "") + (result.transaction_id ? ` · transaction ${result.transaction_id}` : "")),
          facts(result, state));
        return;
      }
    } else if (outcome && outcome.failure) {
      parts.push(el("p", { role: "alert", class: "alert" }, outcome.failure));
    } else if (!json.confirmation) {
      parts.push(el("p", { role: "status", class: "status" }, "This preview carries no confirmation, so it cannot be performed from here."));
    } else if (!tool || !verbs) {
      parts.push(el("p", { role: "status", class: "status" }, "This host does not say which tool made this preview."));
    } else {
      parts.push(el("div", { class: "actions" },
        el("button", {
          type: "button",
          class: "primary",
          disabled: sent || !state.input,
          onclick: () => perform(state, tool, json),
        }, outcome && outcome.busy ? verbs[2] : `${verbs[0]} ${amount.value ? amount.value.text : amount.raw}`)),
        !state.input ? el("p", { role: "status", class: "status" }, "Waiting for the call's arguments.") : null);
    }
    Ui.fill(root, ...parts.filter(Boolean));
  }

  return { matches, render };
})();
