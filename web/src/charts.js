// chart.js, bundled (tree-shaken to what is used). Charts get an accessible name; the same figures are
// always also in a table next to them.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement,
  Tooltip, Legend);

const COLORS = { pass: "#2e7d32", fail: "#c62828", unknown: "#9e9e9e", rate: "#1565c0" };

/** Volume per day (or week / month, see series.js) stacked by DMARC pass / fail (and unknown, when there is
 * some), with the pass rate (right axis, %). A bucket without reports is a gap in the line, never bridged. */
export function dailyChart(canvas, points, labels) {
  const days = points.map((p) => p.day);
  const rate = points.map((p) => (p.total ? Math.round((10000 * p.passed) / p.total) / 100 : null));
  canvas.dataset.points = String(points.length);
  canvas.dataset.gaps = String(rate.filter((r) => r === null).length);
  return new Chart(canvas, {
    data: {
      labels: days,
      datasets: [
        { type: "bar", label: labels.pass, data: points.map((p) => p.passed), backgroundColor: COLORS.pass,
          stack: "v", yAxisID: "y", order: 2 },
        { type: "bar", label: labels.fail, data: points.map((p) => p.failed), backgroundColor: COLORS.fail,
          stack: "v", yAxisID: "y", order: 2 },
        ...(points.some((p) => p.unknown) ? [{ type: "bar", label: labels.unknown,
          data: points.map((p) => p.unknown || 0), backgroundColor: COLORS.unknown, stack: "v", yAxisID: "y",
          order: 2 }] : []),
        { type: "line", label: labels.rate, data: rate, borderColor: COLORS.rate, backgroundColor: COLORS.rate,
          yAxisID: "rate", pointRadius: 2, borderWidth: 2, spanGaps: false, order: 1 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: labels.messages } },
        rate: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false },
          title: { display: true, text: labels.rateAxis }, ticks: { callback: (v) => `${v}%` } },
      },
      plugins: { legend: { position: "bottom", labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } } },
    },
  });
}

const SVG = "http://www.w3.org/2000/svg";

/** A small line of values (null: a day without data, a gap) as an inline SVG, 0-100 from bottom to top; the
 * figures themselves are in the row it sits in and in its accessible name. */
export function sparkline(values, label, { width = 120, height = 24 } = {}) {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({ width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": label, class: "sparkline" })) svg.setAttribute(k, String(v));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let run = [];
  const flush = () => {
    if (run.length === 1) run.push([run[0][0] + 1, run[0][1]]);
    if (run.length) {
      const line = document.createElementNS(SVG, "polyline");
      line.setAttribute("points", run.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "));
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", COLORS.rate);
      line.setAttribute("stroke-width", "1.5");
      svg.append(line);
    }
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || v === undefined) flush();
    else run.push([i * step, height - 1 - ((height - 2) * Math.max(0, Math.min(100, v))) / 100]);
  });
  flush();
  svg.dataset.points = String(values.length);
  return svg;
}
