// Shared browser code of the iqf report and `iqf ui`: element helpers, vega-embed charts, the
// sortable / filterable run table with a column chooser and expandable rows, and a run's details.
// A classic script (no modules), so the report works when opened from file://. It defines one
// global, `iqfUi`.
(() => {
  /** Creates an element: `el("td", { class: "num" }, "1.5")`. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes ?? {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** A number with 4 significant digits, or the text as it is. */
  function show(value) {
    if (value === undefined || value === null) return "";
    if (typeof value === "number")
      return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
    return String(value);
  }

  function formatBytes(size) {
    if (size === null || size === undefined) return "";
    if (size < 1024) return `${size} B`;
    if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
    return `${(size / 1024 / 1024).toFixed(1)} MiB`;
  }

  function formatDuration(ms) {
    if (ms === null || ms === undefined) return "";
    const seconds = ms / 1000;
    return seconds < 60
      ? `${seconds.toFixed(1)} s`
      : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  }

  /** Renders a vega-lite spec into `target` as SVG; only the export actions are offered. */
  function embed(target, spec) {
    return globalThis.vegaEmbed(target, spec, {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
    });
  }

  /** A line chart of metric histories: `series` is `[{ run, points: [{ step, value }] }]`. */
  function historyChart(key, series) {
    const values = series.flatMap((s) => s.points.map((p) => ({ run: s.run, step: p.step, value: p.value })));
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: key,
      width: 320,
      height: 180,
      data: { values },
      mark: { type: "line", point: true, tooltip: true },
      encoding: {
        x: { field: "step", type: "quantitative" },
        y: { field: "value", type: "quantitative", title: key, scale: { zero: false } },
        ...(series.length > 1 ? { color: { field: "run", type: "nominal" } } : {}),
      },
    };
  }

  /** A key/value table. */
  function keyValueTable(record) {
    const keys = Object.keys(record).sort();
    if (keys.length === 0) return el("p", { class: "empty" }, "none");
    return el(
      "table",
      { class: "kv" },
      el(
        "tbody",
        {},
        keys.map((key) => el("tr", {}, el("th", {}, key), el("td", {}, show(record[key])))),
      ),
    );
  }

  /**
   * A run's details: params, latest metrics, one chart per metric history, the artifacts (a
   * link per file when `artifactLink(path)` gives one) and, for failed runs, the reason and the
   * tail of stderr. `histories` is `{ key: [{ step, value }] }`.
   */
  function runDetail(run, options = {}) {
    const charts = el("div", { class: "histories" });
    const detail = el(
      "div",
      { class: "run-detail" },
      run.failure
        ? el(
            "div",
            { class: "failure" },
            el(
              "p",
              {},
              el("b", {}, `${run.status}: ${run.failure.reason}`),
              run.failure.detail ? ` — ${run.failure.detail}` : "",
            ),
            run.failure.stderrTail ? el("pre", { class: "stderr" }, run.failure.stderrTail) : null,
          )
        : null,
      el(
        "div",
        { class: "columns" },
        el("div", {}, el("h4", {}, "Params"), keyValueTable(run.params)),
        el("div", {}, el("h4", {}, "Metrics"), keyValueTable(run.metrics)),
      ),
      el("h4", {}, "Metric histories"),
      charts,
      el("h4", {}, "Artifacts"),
      run.artifacts.length === 0
        ? el("p", { class: "empty" }, "none")
        : el(
            "ul",
            { class: "artifacts" },
            run.artifacts.map((file) => {
              const link = options.artifactLink?.(file.path);
              return el(
                "li",
                {},
                link ? el("a", { href: link, download: file.path.split("/").pop() }, file.path) : file.path,
                " ",
                el("span", { class: "size" }, formatBytes(file.size)),
              );
            }),
          ),
    );
    const keys = Object.keys(run.histories ?? {});
    if (keys.length === 0)
      charts.append(el("p", { class: "empty" }, "no metric was logged at more than one step"));
    for (const key of keys) {
      const holder = el("div", { class: "chart history" });
      charts.append(holder);
      embed(holder, historyChart(key, [{ run: run.name, points: run.histories[key] }]));
    }
    return detail;
  }

  function compareValues(a, b) {
    const emptyA = a === undefined || a === null || a === "";
    const emptyB = b === undefined || b === null || b === "";
    if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
    const numberA = typeof a === "number" ? a : Number(a);
    const numberB = typeof b === "number" ? b : Number(b);
    if (Number.isFinite(numberA) && Number.isFinite(numberB)) return numberA - numberB;
    return String(a).localeCompare(String(b), "en", { numeric: true });
  }

  /**
   * The run table. `options`: `paramColumns`, `metricColumns`, `columns` (shown at first),
   * `filter` (show the text filter box, default true), `detail(run)` (the expanded content),
   * `nameLink(run)` (optional link of the name), `selectable` (checkboxes; `onSelect(ids)`).
   * `update(runs)` replaces the rows and keeps sorting, filter, expanded rows and selection.
   */
  function RunTable(container, options) {
    const columns = [
      ...options.paramColumns.map((name) => ({ key: `params.${name}`, name, kind: "params" })),
      ...options.metricColumns.map((name) => ({ key: `metrics.${name}`, name, kind: "metrics" })),
    ];
    const shown = new Set(options.columns ?? columns.slice(0, 6).map((c) => c.key));
    const expanded = new Set();
    const selected = new Set();
    let runs = [];
    let sortKey = "start";
    let sortDescending = false;
    let filterText = "";

    const cellValue = (run, key) => {
      if (key === "name") return run.name;
      if (key === "status") return run.status;
      if (key === "start") return run.start;
      if (key === "duration") return run.durationMs;
      const [kind, ...rest] = key.split(".");
      return run[kind]?.[rest.join(".")];
    };
    const filterBox = el("input", {
      type: "search",
      class: "filter",
      placeholder: "filter runs (any text: name, status, value)",
      "aria-label": "filter runs",
      oninput: (event) => {
        filterText = event.target.value.trim().toLowerCase();
        render();
      },
    });
    const chooser = el(
      "details",
      { class: "columns-chooser" },
      el("summary", {}, "columns"),
      columns.map((column) =>
        el(
          "label",
          {},
          el("input", {
            type: "checkbox",
            checked: shown.has(column.key),
            "data-column": column.key,
            onchange: (event) => {
              if (event.target.checked) shown.add(column.key);
              else shown.delete(column.key);
              render();
            },
          }),
          ` ${column.kind}.${column.name}`,
        ),
      ),
    );
    const count = el("span", { class: "count" });
    const table = el("table", { class: "runs" });
    container.append(
      el("div", { class: "table-tools" }, options.filter === false ? null : filterBox, chooser, count),
      table,
    );

    function headerCell(label, key) {
      const arrow = sortKey === key ? (sortDescending ? " ▼" : " ▲") : "";
      return el(
        "th",
        {
          class: "sortable",
          "data-sort": key,
          onclick: () => {
            sortDescending = sortKey === key ? !sortDescending : false;
            sortKey = key;
            render();
          },
        },
        label + arrow,
      );
    }

    function render() {
      const visible = columns.filter((c) => shown.has(c.key));
      const rows = runs
        .filter((run) => {
          if (filterText === "") return true;
          const text = [
            run.name,
            run.status,
            ...Object.values(run.params),
            ...Object.values(run.metrics).map(show),
          ]
            .join(" ")
            .toLowerCase();
          return text.includes(filterText);
        })
        .sort((a, b) => {
          const order = compareValues(cellValue(a, sortKey), cellValue(b, sortKey));
          return sortDescending ? -order : order;
        });
      count.textContent = `${rows.length} of ${runs.length} runs`;
      const span = visible.length + 4 + (options.selectable ? 1 : 0);
      table.replaceChildren(
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            options.selectable ? el("th", {}, "") : null,
            el("th", {}, ""),
            headerCell("name", "name"),
            headerCell("status", "status"),
            visible.map((c) => headerCell(c.name, c.key)),
            headerCell("duration", "duration"),
          ),
        ),
        el(
          "tbody",
          {},
          rows.flatMap((run) => {
            const open = expanded.has(run.id);
            const link = options.nameLink?.(run);
            const row = el(
              "tr",
              { class: `run status-${run.status.toLowerCase()}`, "data-run": run.id },
              options.selectable
                ? el(
                    "td",
                    {},
                    el("input", {
                      type: "checkbox",
                      class: "select",
                      "aria-label": `select ${run.name}`,
                      checked: selected.has(run.id),
                      onchange: (event) => {
                        if (event.target.checked) selected.add(run.id);
                        else selected.delete(run.id);
                        options.onSelect?.([...selected]);
                      },
                    }),
                  )
                : null,
              el(
                "td",
                {},
                el(
                  "button",
                  {
                    class: "expand",
                    "aria-expanded": open ? "true" : "false",
                    title: open ? "collapse" : "expand",
                    onclick: () => {
                      if (expanded.has(run.id)) expanded.delete(run.id);
                      else expanded.add(run.id);
                      render();
                    },
                  },
                  open ? "−" : "+",
                ),
              ),
              el("td", { class: "name" }, link ? el("a", { href: link }, run.name) : run.name),
              el("td", { class: "status" }, run.status),
              visible.map((c) => {
                const value = cellValue(run, c.key);
                return el("td", { class: typeof value === "number" ? "num" : "" }, show(value));
              }),
              el("td", { class: "num" }, formatDuration(run.durationMs)),
            );
            if (!open) return [row];
            return [row, el("tr", { class: "detail-row" }, el("td", { colspan: span }, options.detail(run)))];
          }),
        ),
      );
    }

    return {
      update(next) {
        runs = next;
        for (const id of [...selected]) if (!runs.some((run) => run.id === id)) selected.delete(id);
        render();
      },
    };
  }

  globalThis.iqfUi = { el, show, formatBytes, embed, historyChart, keyValueTable, runDetail, RunTable };
})();
