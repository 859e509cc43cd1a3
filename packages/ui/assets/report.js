// The iqf experiment report's page script: robustness charts, the run table and the
// before/after sliders, all from the data inlined in #report-data.
(() => {
  const { embed, RunTable, runDetail } = globalThis.iqfUi;
  const data = JSON.parse(document.getElementById("report-data").textContent);

  for (const holder of document.querySelectorAll("[data-chart]")) {
    embed(holder, data.robustness[Number(holder.dataset.chart)].chart);
  }

  const gridParams = data.paramColumns.filter((name) => name !== "ds_name");
  const defaults = [
    ...(data.by ? [`params.${data.by}`] : []),
    ...gridParams.filter((name) => name !== data.by).map((name) => `params.${name}`),
  ]
    .slice(0, 4)
    .concat(data.metricColumns.slice(0, 4).map((name) => `metrics.${name}`));
  const table = RunTable(document.getElementById("runs"), {
    paramColumns: data.paramColumns,
    metricColumns: data.metricColumns,
    columns: defaults,
    detail: (run) => runDetail(run),
  });
  table.update(data.runs);

  for (const figure of document.querySelectorAll("figure.sample")) {
    const slider = figure.querySelector(".slider");
    const after = figure.querySelector(".after");
    const apply = () => {
      after.style.clipPath = `inset(0 0 0 ${slider.value}%)`;
    };
    slider.addEventListener("input", apply);
    apply();
  }
})();
