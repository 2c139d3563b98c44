/* The statistics page's charts: each <canvas data-figure="ID"> is drawn by Chart.js from the
   JSON of the element #ID (the figure as the API returns it: columns, rows, chart). The table
   beside the chart holds the same numbers for screen readers and printouts. Cells masked as
   "<3" (persons) are gaps in the chart. No inline script or style: works under the strict CSP. */
(function () {
  "use strict";
  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#ffc107",
    "#6c757d", "#d63384", "#0dcaf0"];

  function shorten(text, max) {
    text = String(text);
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.figure);
    if (!source || typeof window.Chart === "undefined") { return; }
    var figure = JSON.parse(source.textContent);
    var spec = figure.chart || {};
    var columns = figure.columns;
    var series = spec.series || columns.map(function (c, i) { return i; })
      .filter(function (i) { return i > 0 && columns[i].kind !== "label"; });
    var labels = figure.rows.map(function (row) { return String(row[0]); });
    var datasets = series.map(function (index, n) {
      return {
        label: columns[index].label,
        data: figure.rows.map(function (row) {
          return typeof row[index] === "number" ? row[index] : null;
        }),
        backgroundColor: PALETTE[n % PALETTE.length],
        borderColor: PALETTE[n % PALETTE.length]
      };
    });
    var horizontal = Boolean(spec.horizontal);
    var category = {
      stacked: Boolean(spec.stacked),
      ticks: { callback: function (value) { return shorten(this.getLabelForValue(value), 28); } }
    };
    var days = series.some(function (i) { return columns[i].kind === "days"; });
    // Counts are whole numbers: no 0.5 ticks.
    var amount = { stacked: Boolean(spec.stacked), beginAtZero: true,
      ticks: days ? {} : { precision: 0 } };
    canvas.dataset.drawn = "true";
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { y: category, x: amount } : { x: category, y: amount },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: { callbacks: { title: function (items) { return items.length ? labels[items[0].dataIndex] : ""; } } }
        }
      }
    });
  }

  function start() {
    document.querySelectorAll("canvas[data-figure]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
