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
