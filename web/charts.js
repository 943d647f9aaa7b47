// Charts: sparklines on a bare canvas (hundreds per page, so no library instance each), and
// uPlot charts of histories with bounds as bands, alerts, change points and a tooltip that
// names each point's commit.
"use strict";

const PWCharts = (() => {
  const palette = ["#3b82f6", "#f97316", "#10b981", "#a855f7", "#ef4444", "#d4a106", "#06b6d4", "#ec4899"];

  function sparkline(values, status) {
    const width = 120, height = 28, ratio = window.devicePixelRatio || 1;
    const canvas = PW.el("canvas", { class: "spark", width: width * ratio, height: height * ratio,
      style: `width:${width}px;height:${height}px`, "aria-label": "trend" });
    const finite = values.filter((v) => v !== null && isFinite(v));
    if (finite.length === 0) return canvas;
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    let min = Math.min(...finite), max = Math.max(...finite);
    if (max === min) { max += 1; min -= 1; }
    const x = (i) => 2 + (i * (width - 4)) / Math.max(1, values.length - 1);
    const y = (v) => height - 3 - ((v - min) * (height - 6)) / (max - min);
    const colour = { red: "--red", yellow: "--yellow", improved: "--blue" }[status] || "--muted";
    ctx.strokeStyle = PW.cssVar(colour);
    ctx.lineWidth = 1.3;
    ctx.beginPath();
    values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
    ctx.stroke();
    ctx.fillStyle = ctx.strokeStyle;
    ctx.beginPath();
    ctx.arc(x(values.length - 1), y(values[values.length - 1]), 2.2, 0, 2 * Math.PI);
    ctx.fill();
    return canvas;
  }

  // Aligns several series on one time axis: uPlot wants one x array shared by all y arrays.
  // Each line: {label, t, v, lo, hi, r}. Returns {x, lines: [{v, lo, hi, r}]} over the joined x.
  function join(lines) {
    const times = [...new Set(lines.flatMap((line) => line.t))].sort((a, b) => a - b);
    const position = new Map(times.map((t, i) => [t, i]));
    const empty = () => new Array(times.length).fill(null);
    return {
      x: times,
      lines: lines.map((line) => {
        const out = { v: empty(), lo: line.lo ? empty() : null, hi: line.hi ? empty() : null, r: empty(), point: empty() };
        line.t.forEach((t, i) => {
          const at = position.get(t);
          out.v[at] = line.v[i];
          if (out.lo) out.lo[at] = line.lo[i];
          if (out.hi) out.hi[at] = line.hi[i];
          out.r[at] = line.r[i];
          out.point[at] = i;
        });
        return out;
      }),
    };
  }

  function axisStyle() {
    return { stroke: PW.cssVar("--muted"), grid: { stroke: PW.cssVar("--grid"), width: 1 },
      ticks: { stroke: PW.cssVar("--grid"), width: 1 } };
  }

  // A history chart. lines: [{label, t, v, lo, hi, r, marks: {alerts: [point], changes: [{i, before, after}]}}].
  // onPick(lineIndex, pointIndex) is called on a click on the chart.
  function history(container, { lines, units, width, onPick }) {
    const joined = join(lines);
    const tooltip = PW.el("div", { class: "tooltip", role: "tooltip" });
    container.append(tooltip);
    const red = PW.cssVar("--red");
    const fg = PW.cssVar("--fg");

    const plugin = {
      hooks: {
        // Bands (lower..upper) under the lines.
        drawAxes: [(u) => {
          const ctx = u.ctx;
          joined.lines.forEach((line, index) => {
            if (!line.lo || !line.hi || !u.series[index + 1].show) return;
            ctx.save();
            ctx.fillStyle = palette[index % palette.length] + "26";
            ctx.beginPath();
            const upper = [], lower = [];
            for (let i = 0; i < joined.x.length; i++) {
              if (line.lo[i] === null || line.hi[i] === null) continue;
              const px = u.valToPos(joined.x[i], "x", true);
              upper.push([px, u.valToPos(line.hi[i], "y", true)]);
              lower.push([px, u.valToPos(line.lo[i], "y", true)]);
            }
            if (upper.length > 1) {
              upper.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
              lower.reverse().forEach(([px, py]) => ctx.lineTo(px, py));
              ctx.closePath();
              ctx.fill();
            }
            ctx.restore();
          });
        }],
        // Change points as dashed verticals, alerts as red rings.
        draw: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          lines.forEach((line, index) => {
            if (!u.series[index + 1].show) return;
            const colour = palette[index % palette.length];
            for (const change of line.marks.changes) {
              const px = u.valToPos(line.t[change.i], "x", true);
              ctx.strokeStyle = colour;
              ctx.setLineDash([5, 4]);
              ctx.lineWidth = 1.5;
              ctx.beginPath();
              ctx.moveTo(px, u.bbox.top);
              ctx.lineTo(px, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.setLineDash([]);
              ctx.fillStyle = fg;
              ctx.font = `${11 * devicePixelRatio}px sans-serif`;
              const changePct = change.before ? ((change.after - change.before) / Math.abs(change.before)) * 100 : 0;
              ctx.fillText((changePct >= 0 ? "+" : "") + changePct.toFixed(1) + "%", px + 4, u.bbox.top + 12 * devicePixelRatio);
            }
            for (const point of line.marks.alerts) {
              const px = u.valToPos(line.t[point], "x", true);
              const py = u.valToPos(line.v[point], "y", true);
              ctx.strokeStyle = red;
              ctx.lineWidth = 2 * devicePixelRatio;
              ctx.beginPath();
              ctx.arc(px, py, 6 * devicePixelRatio, 0, 2 * Math.PI);
              ctx.stroke();
            }
          });
          ctx.restore();
        }],
        setCursor: [(u) => {
          const idx = u.cursor.idx;
          if (idx === null || idx === undefined || u.cursor.left < 0) {
            tooltip.style.display = "none";
            return;
          }
          const rows = [PW.el("div", { class: "muted", text: PW.time(joined.x[idx]) + " UTC" })];
          joined.lines.forEach((line, index) => {
            if (line.v[idx] === null || !u.series[index + 1].show) return;
            const report = PW.site.reports[line.r[idx]];
            rows.push(PW.el("div", {},
              PW.el("span", { style: `color:${palette[index % palette.length]}`, text: "● " }),
              `${lines[index].label}: `, PW.el("b", { text: PW.humanise(line.v[idx], units) }),
              line.lo && line.lo[idx] !== null ? ` (${PW.humanise(line.lo[idx], units)} – ${PW.humanise(line.hi[idx], units)})` : "",
              " · commit ", PW.el("code", { class: "commit", text: PW.shortCommit(report.commit) })));
          });
          tooltip.replaceChildren(...rows);
          tooltip.style.display = "block";
          const left = u.over.offsetLeft + u.cursor.left + 14;
          tooltip.style.left = Math.min(left, container.clientWidth - tooltip.offsetWidth - 4) + "px";
          tooltip.style.top = u.over.offsetTop + u.cursor.top + 14 + "px";
        }],
      },
    };

    const opts = {
      width,
      height: 300,
      plugins: [plugin],
      cursor: { drag: { x: true, y: false }, focus: { prox: 24 } },
      // One point (or one instant) makes uPlot spread the axis over years (1,000 days, measured by
      // the e2e test): a day around it instead.
      scales: { x: { time: true, range: (u, min, max) => {
        const first = joined.x[0], last = joined.x[joined.x.length - 1];
        return first === last ? [first - 43200, last + 43200] : [min, max];
      } } },
      axes: [axisStyle(), { ...axisStyle(), size: 70, values: (u, values) => values.map((v) => PW.humanise(v, units)) }],
      series: [
        { value: (u, v) => (v === null ? "–" : PW.time(v)) },
        ...lines.map((line, index) => ({
          label: line.label,
          stroke: palette[index % palette.length],
          width: 1.6,
          spanGaps: true,
          points: { show: line.t.length <= 60, size: 5 },
          value: (u, v) => PW.humanise(v, units),
        })),
      ],
    };
    const data = [joined.x, ...joined.lines.map((line) => line.v)];
    // The drawn time span, read by the e2e test (uPlot sets its scales after the constructor).
    opts.hooks = { setScale: [(u, key) => { if (key === "x") container.dataset.xSpanSeconds = String(u.scales.x.max - u.scales.x.min); }] };
    const chart = new uPlot(opts, data, container);
    if (onPick) {
      chart.over.addEventListener("click", () => {
        const idx = chart.cursor.idx;
        if (idx === null || idx === undefined) return;
        const index = joined.lines.findIndex((line, i) => line.v[idx] !== null && chart.series[i + 1].show);
        if (index >= 0) onPick(index, joined.lines[index].point[idx]);
      });
    }
    return chart;
  }

  // A plain chart of a few series over a numeric x (resource use, raw samples).
  function simple(container, { x, ys, labels, units, width, xLabel, points = false }) {
    const opts = {
      width, height: 220,
      scales: { x: { time: false } },
      axes: [{ ...axisStyle(), label: xLabel }, { ...axisStyle(), size: 70, values: (u, values) => values.map((v) => PW.humanise(v, units[0])) }],
      series: [{ label: xLabel }, ...ys.map((y, index) => ({
        label: labels[index], stroke: palette[index % palette.length], width: points ? 0 : 1.6,
        points: { show: points, size: 6, fill: palette[index % palette.length] },
        value: (u, v) => PW.humanise(v, units[index]),
        scale: index === 0 ? "y" : "y" + index,
      }))],
    };
    ys.slice(1).forEach((y, index) => {
      opts.axes.push({ ...axisStyle(), side: 1, scale: "y" + (index + 1), size: 70, grid: { show: false },
        values: (u, values) => values.map((v) => PW.humanise(v, units[index + 1])) });
    });
    return new uPlot(opts, [x, ...ys], container);
  }

  // The newest value against a numeric parameter (batch size, threads), one line per
  // lines[i] = {label, points: [[x, value]]}. Log axes (base 2 on x) where the values span two
  // decades or more, as a doubling batch size or thread count does.
  function byParameter(container, { lines, units, width, xLabel }) {
    const xs = [...new Set(lines.flatMap((line) => line.points.map(([x]) => x)))].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const ys = lines.map((line) => {
      const y = new Array(xs.length).fill(null);
      for (const [x, value] of line.points) y[at.get(x)] = value;
      return y;
    });
    const values = ys.flat().filter((v) => v !== null);
    const spansDecades = (list) => list.length > 0 && Math.min(...list) > 0 && Math.max(...list) / Math.min(...list) >= 100;
    const logX = spansDecades(xs);
    const logY = spansDecades(values);
    const opts = {
      width, height: 260,
      scales: { x: { time: false, distr: logX ? 3 : 1, log: 2 }, y: { distr: logY ? 3 : 1, log: 10 } },
      axes: [{ ...axisStyle(), label: xLabel + (logX ? " (log)" : "") },
        { ...axisStyle(), size: 70, label: logY ? "log scale" : "", values: (u, ticks) => ticks.map((v) => PW.humanise(v, units)) }],
      series: [{ label: xLabel }, ...lines.map((line, index) => ({
        label: line.label, stroke: palette[index % palette.length], width: 1.6, spanGaps: true,
        points: { show: true, size: 6, fill: palette[index % palette.length] },
        value: (u, v) => (v === null ? "–" : PW.humanise(v, units)),
      }))],
    };
    const chart = new uPlot(opts, [xs, ...ys], container);
    container.dataset.logX = String(logX);
    container.dataset.logY = String(logY);
    return chart;
  }

  return { palette, sparkline, history, simple, join, byParameter };
})();
