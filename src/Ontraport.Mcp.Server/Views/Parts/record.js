// The record card: one record from get_objects (with id), fetch, or what a create/update answered. Its name, key
// fields, tags, sequences, automations, owner and last activity, and "Open in Ontraport".
const RecordCard = (() => {
  const { el, label, text, displayName, openButton } = Ui;
  const MAX_FIELDS = 10;
  const FIRST = ["email", "office_phone", "sms_number", "cell_phone", "home_phone", "company", "title", "owner", "status",
    "city", "state", "country", "spent", "n_lead_source", "date", "dla"];
  const LISTS = { tags: "Tags", sequences: "Sequences", automations: "Automations" };
  const HIDDEN = new Set(["id", "url", "firstname", "lastname", "name"]);
  // fetch's document lines that matter most, first (the rest follow in the document's order).
  const DOCUMENT_FIRST = ["Email", "Owner", "Primary Contact", "Company", "Status", "Value", "Recent Activity", "Date of Last Activity"];

  /** Whether an answer is one record (and not a page or a money answer). */
  function matches(json) {
    return !!json && typeof json === "object" && !Array.isArray(json) && !Array.isArray(json.items) &&
      (json.id !== undefined || json.record !== undefined);
  }

  function typeName(json) {
    const type = json.created || json.updated || json.saved || (json.metadata && json.metadata.object_type);
    if (type) {
      return String(type);
    }
    const url = /#!\/([a-z_]+)\//.exec(String(json.url || ""));
    return url ? url[1].charAt(0).toUpperCase() + url[1].slice(1) : "Record";
  }

  /** fetch answers a document: "Label: value" lines. */
  function fromDocument(json) {
    return String(json.text || "").split("\n").map(line => {
      const at = line.indexOf(": ");
      return at > 0 ? [line.slice(0, at), line.slice(at + 2)] : null;
    }).filter(Boolean);
  }

  function chips(values) {
    return el("ul", { class: "chips" }, values.map(v => el("li", {}, text(v))));
  }

  function render(root, json) {
    const type = typeName(json);
    const record = json.record && typeof json.record === "object" ? json.record : json;
    const isDocument = typeof json.text === "string" && typeof json.title === "string";
    const name = isDocument ? json.title : displayName(record, type);
    const id = record.id !== undefined ? record.id : json.id;
    const url = json.url || record.url;

    let rows;
    if (isDocument) {
      const lines = fromDocument(json).filter(([key]) => key !== "ID" && key !== "Name");
      rows = DOCUMENT_FIRST.map(key => lines.find(([k]) => k === key)).filter(Boolean)
        .concat(lines.filter(([k]) => !DOCUMENT_FIRST.includes(k)));
    } else if (json.changed && typeof json.changed === "object") {
      rows = Object.entries(json.changed).map(([key, value]) => [label(key), text(value)]);
    } else {
      const keys = Object.keys(record).filter(k => !HIDDEN.has(k) && !(k in LISTS));
      const ordered = FIRST.filter(k => keys.includes(k)).concat(keys.filter(k => !FIRST.includes(k)));
      rows = ordered.map(key => [label(key), text(record[key])]).filter(([, value]) => value !== "");
    }

    const shown = rows.slice(0, MAX_FIELDS);
    const lists = isDocument ? [] : Object.entries(LISTS).filter(([key]) => Array.isArray(record[key]) && record[key].length > 0);
    const what = json.created ? "Created " : json.updated ? "Updated " : json.saved ? "Saved " : "";
    Ui.fill(root, 
      el("h1", {}, name),
      el("p", { class: "sub" }, what + type + (id !== undefined ? " · ID " + String(id).replace(/^.*\//, "") : "")),
      json.changed && rows.length === 0 ? el("p", { role: "status", class: "status" }, json.note || "No field changed.") : null,
      shown.length + lists.length > 0
        ? el("dl", {},
          shown.map(([key, value]) => [el("dt", {}, key), el("dd", {}, value)]),
          lists.map(([key, title]) => [el("dt", {}, title), el("dd", {}, chips(record[key]))]))
        : null,
      rows.length > shown.length
        ? el("p", { class: "sub" }, `${shown.length} of ${rows.length} fields shown; the rest are in Ontraport.`)
        : null,
      el("div", { class: "actions" }, openButton(url)));
  }

  return { matches, render };
})();
