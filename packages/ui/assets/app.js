// `iqf ui`: a read-only single-page app over the server's JSON API. Views (hash routes):
// #/ experiments · #/e/<id> runs with MLflow search · #/compare/<ids> · #/r/<run id> run page.
// The current view refreshes every 2 seconds, so runs written by `iqf run` appear and change
// state without a reload.
(() => {
  const { el, show, formatBytes, embed, historyChart, keyValueTable, RunTable } = globalThis.iqfUi;
  const app = document.getElementById("app");
  const refreshed = document.getElementById("refreshed");
  const REFRESH_MS = 2000;
  let timer;
  let view = 0;

  async function api(path) {
    const response = await fetch(`/api/${path}`, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
    return body;
  }

  const enc = encodeURIComponent;
  const artifactUrl = (runId, path) => `/runs/${enc(runId)}/artifacts/${path.split("/").map(enc).join("/")}`;
  const isImage = (path) => /\.(png|jpe?g|gif|webp|svg)$/i.test(path);

  /** Runs `load` now and every REFRESH_MS while the view stays current. */
  function every(load) {
    const mine = view;
    const tick = async () => {
      if (mine !== view) return;
      try {
        await load();
        refreshed.textContent = `updated ${new Date().toLocaleTimeString()}`;
      } catch (error) {
        refreshed.textContent = `refresh failed: ${error.message}`;
      }
      if (mine === view) timer = setTimeout(tick, REFRESH_MS);
    };
    return tick();
  }

  function experimentsView() {
    const list = el("tbody");
    app.replaceChildren(
      el("h2", {}, "Experiments"),
      el(
        "table",
        { class: "experiments" },
        el("thead", {}, el("tr", {}, el("th", {}, "id"), el("th", {}, "name"), el("th", {}, "report"))),
        list,
      ),
    );
    return every(async () => {
      const experiments = await api("experiments");
      list.replaceChildren(
        ...experiments.map((e) =>
          el(
            "tr",
            {},
            el("td", {}, e.id),
            el("td", {}, el("a", { href: `#/e/${enc(e.id)}` }, e.name)),
            el("td", {}, el("a", { href: `/experiments/${enc(e.id)}/report`, target: "_blank" }, "report")),
          ),
        ),
      );
    });
  }

  function columnsOf(runs) {
    const params = new Set();
    const metrics = new Set();
    for (const run of runs) {
      for (const key of Object.keys(run.params)) params.add(key);
      for (const key of Object.keys(run.metrics)) metrics.add(key);
    }
    return { params: [...params].sort(), metrics: [...metrics].sort() };
  }

  function runsView(experimentId, filter) {
    const message = el("p", { class: "error", role: "alert" });
    const search = el("input", {
      type: "search",
      class: "search",
      value: filter,
      placeholder: "metrics.psnr > 25 and params.quality = '10'",
      "aria-label": "search runs",
      onkeydown: (event) => {
        if (event.key === "Enter") location.hash = `#/e/${enc(experimentId)}?filter=${enc(search.value)}`;
      },
    });
    let selected = [];
    const compare = el(
      "button",
      {
        class: "compare-button",
        disabled: true,
        onclick: () => {
          location.hash = `#/compare/${selected.map(enc).join(",")}`;
        },
      },
      "compare selected",
    );
    const title = el("h2", {}, "Runs");
    const holder = el("div");
    app.replaceChildren(
      el("nav", { class: "crumbs" }, el("a", { href: "#/" }, "experiments")),
      title,
      el(
        "p",
        {},
        el("a", { href: `/experiments/${enc(experimentId)}/report`, target: "_blank" }, "open the report"),
      ),
      el(
        "div",
        { class: "table-tools" },
        search,
        el(
          "button",
          { onclick: () => search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" })) },
          "search",
        ),
        compare,
      ),
      message,
      holder,
    );
    let table;
    let known = "";
    return every(async () => {
      let body;
      try {
        body = await api(`experiments/${enc(experimentId)}/runs?filter=${enc(filter)}`);
        message.textContent = "";
      } catch (error) {
        message.textContent = error.message;
        return;
      }
      title.textContent = `Runs of ${body.experiment.name}`;
      const { params, metrics } = columnsOf(body.runs);
      const signature = JSON.stringify([params, metrics]);
      if (table === undefined || signature !== known) {
        known = signature;
        holder.replaceChildren();
        table = RunTable(holder, {
          paramColumns: params,
          metricColumns: metrics,
          columns: [
            ...params
              .filter((p) => p !== "ds_name")
              .slice(0, 4)
              .map((p) => `params.${p}`),
            ...metrics.slice(0, 4).map((m) => `metrics.${m}`),
          ],
          filter: false,
          selectable: true,
          onSelect: (ids) => {
            selected = ids;
            compare.disabled = ids.length < 2;
          },
          nameLink: (run) => `#/r/${enc(run.id)}`,
          detail: (run) =>
            el(
              "div",
              {},
              keyValueTable(run.params),
              el("p", {}, el("a", { href: `#/r/${enc(run.id)}` }, "open the run page")),
            ),
        });
      }
      table.update(body.runs);
    });
  }

  async function historyCharts(target, runs, keys) {
    target.replaceChildren();
    for (const key of keys) {
      const series = [];
      for (const run of runs) {
        const points = await api(`runs/${enc(run.id)}/history?key=${enc(key)}`);
        series.push({
          run: `${run.name} (${run.id.slice(0, 6)})`,
          points: points.filter((p) => typeof p.value === "number"),
        });
      }
      const holder = el("div", { class: "chart history", "data-metric": key });
      target.append(holder);
      await embed(holder, historyChart(key, series));
    }
  }

  async function compareView(ids) {
    const runs = await Promise.all(ids.map((id) => api(`runs/${enc(id)}`)));
    const table = (kind) => {
      const keys = [...new Set(runs.flatMap((run) => Object.keys(run[kind])))].sort();
      return el(
        "table",
        { class: `compare-${kind}` },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            el("th", {}, kind),
            runs.map((run) => el("th", {}, el("a", { href: `#/r/${enc(run.id)}` }, run.name))),
          ),
        ),
        el(
          "tbody",
          {},
          keys.map((key) => {
            const values = runs.map((run) => show(run[kind][key]));
            const differs = new Set(values).size > 1;
            return el(
              "tr",
              { class: differs ? "differs" : "" },
              el("th", {}, key),
              values.map((v) => el("td", {}, v)),
            );
          }),
        ),
      );
    };
    const charts = el("div", { class: "histories" });
    app.replaceChildren(
      el("nav", { class: "crumbs" }, el("a", { href: "#/" }, "experiments")),
      el("h2", {}, `Compare ${runs.length} runs`),
      el("h3", {}, "Metric histories"),
      charts,
      el("h3", {}, "Parameters"),
      table("params"),
      el("h3", {}, "Latest metrics"),
      table("metrics"),
    );
    const keys = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort();
    await historyCharts(charts, runs, keys);
  }

  function artifactBrowser(runId) {
    const preview = el("div", { class: "preview" });
    const listing = el("ul", { class: "artifacts" });
    const where = el("p", { class: "where" });
    async function open(folder) {
      where.replaceChildren(
        "/",
        folder,
        folder ? " · " : "",
        folder
          ? el(
              "a",
              {
                href: "#",
                onclick: (e) => {
                  e.preventDefault();
                  open(folder.split("/").slice(0, -1).join("/"));
                },
              },
              "up",
            )
          : "",
      );
      const items = await api(`runs/${enc(runId)}/artifacts?path=${enc(folder)}`);
      listing.replaceChildren(
        ...items.map((item) =>
          item.isDir
            ? el(
                "li",
                { class: "folder" },
                el(
                  "a",
                  {
                    href: "#",
                    onclick: (e) => {
                      e.preventDefault();
                      open(item.path);
                    },
                  },
                  `${item.path}/`,
                ),
              )
            : el(
                "li",
                { class: "file" },
                el(
                  "a",
                  {
                    href: `${artifactUrl(runId, item.path)}?download`,
                    download: item.path.split("/").pop(),
                    class: "download",
                  },
                  item.path,
                ),
                " ",
                el("span", { class: "size" }, formatBytes(item.size)),
                isImage(item.path)
                  ? el(
                      "button",
                      {
                        class: "preview-button",
                        onclick: () =>
                          preview.replaceChildren(
                            el("p", {}, item.path),
                            el("img", { src: artifactUrl(runId, item.path), alt: item.path }),
                          ),
                      },
                      "preview",
                    )
                  : null,
              ),
        ),
      );
      if (items.length === 0) listing.replaceChildren(el("li", { class: "empty" }, "empty"));
    }
    open("");
    return el("div", { class: "artifact-browser" }, where, listing, preview);
  }

  async function runView(runId) {
    const header = el("div");
    const metricsBox = el("div");
    const charts = el("div", { class: "histories" });
    app.replaceChildren(
      el("nav", { class: "crumbs" }, el("a", { href: "#/" }, "experiments")),
      header,
      metricsBox,
      el("h3", {}, "Metric histories"),
      charts,
      el("h3", {}, "Artifacts"),
      artifactBrowser(runId),
    );
    let chartsFor = "";
    return every(async () => {
      const run = await api(`runs/${enc(runId)}`);
      const experiment = run.experimentId;
      header.replaceChildren(
        el(
          "h2",
          {},
          run.name,
          " ",
          el("span", { class: `status status-${run.status.toLowerCase()}` }, run.status),
        ),
        el(
          "p",
          { class: "meta" },
          `run ${run.id} · started ${new Date(run.start).toLocaleString()}`,
          experiment ? " · " : "",
          experiment ? el("a", { href: `#/e/${enc(experiment)}` }, "experiment") : "",
        ),
      );
      metricsBox.replaceChildren(
        el(
          "div",
          { class: "columns" },
          el("div", {}, el("h3", {}, "Params"), keyValueTable(run.params)),
          el("div", {}, el("h3", {}, "Metrics"), keyValueTable(run.metrics)),
        ),
      );
      const signature = JSON.stringify([run.status, run.metrics]);
      if (signature !== chartsFor) {
        chartsFor = signature;
        await historyCharts(charts, [run], Object.keys(run.metrics).sort());
      }
    });
  }

  function render() {
    view += 1;
    clearTimeout(timer);
    const [route, query] = location.hash.replace(/^#/, "").split("?");
    const parts = (route || "/").split("/").filter(Boolean).map(decodeURIComponent);
    const params = new URLSearchParams(query ?? "");
    const shown =
      parts[0] === "e" && parts[1]
        ? runsView(parts[1], params.get("filter") ?? "")
        : parts[0] === "r" && parts[1]
          ? runView(parts[1])
          : parts[0] === "compare" && parts[1]
            ? compareView(parts[1].split(","))
            : experimentsView();
    Promise.resolve(shown).catch((error) => app.replaceChildren(el("p", { class: "error" }, error.message)));
  }

  window.addEventListener("hashchange", render);
  render();
})();
