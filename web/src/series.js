// The daily series made fit for a chart: one bar a day up to WEEKLY_FROM days, then one a week (UTC, from
// Monday), and past MONTHLY_FROM days one a month. A bucket without any message has no pass rate (null): the
// line shows a gap there instead of a straight line across.
export const WEEKLY_FROM = 120;
export const MONTHLY_FROM = 400;
const DAY_MS = 86400000;

export function unitFor(days) {
  return days > MONTHLY_FROM ? "month" : days > WEEKLY_FROM ? "week" : "day";
}

function bucketOf(day, unit) {
  if (unit === "month") return day.slice(0, 7);
  if (unit === "week") {
    const ms = Date.parse(day + "T00:00:00Z");
    const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
    return new Date(monday).toISOString().slice(0, 10);
  }
  return day;
}

/** points: [{day, total, passed, failed, unknown}] (every day of the range) -> {unit, points} with the same
 * fields summed per bucket (`day` is the bucket's first day, or YYYY-MM) and `rate` (% or null). */
export function chartSeries(points) {
  const unit = unitFor(points.length);
  const out = [];
  for (const p of points) {
    const key = bucketOf(p.day, unit);
    let last = out[out.length - 1];
    if (!last || last.day !== key) {
      last = { day: key, total: 0, passed: 0, failed: 0, unknown: 0 };
      out.push(last);
    }
    last.total += p.total || 0;
    last.passed += p.passed || 0;
    last.failed += p.failed || 0;
    last.unknown += p.unknown || 0;
  }
  for (const b of out) b.rate = b.total ? Math.round((10000 * b.passed) / b.total) / 100 : null;
  return { unit, points: out };
}
