import { BarChart } from './figure-card';

const THIS_PERIOD = '#005cbb';
const BEFORE = '#a8c8ff';
const THIRD = '#7d5700';

export interface Series {
  label: string;
  data: (number | null)[];
}

/**
 * A bar chart of one or more series over the same labels: the first series in the theme's colour,
 * the second (usually the period before) lighter. `percent` reads values as shares (0–1);
 * `horizontal` lays bars down for long names (sources, reasons).
 */
export function bars(labels: string[], series: Series[], opts: { percent?: boolean; horizontal?: boolean; unit?: string } = {}): BarChart {
  const colors = [THIS_PERIOD, BEFORE, THIRD];
  const value = (v: number) => (opts.percent ? `${Math.round(v * 100)} %` : `${v.toLocaleString('en-US')}${opts.unit ? ` ${opts.unit}` : ''}`);
  const valueAxis = { beginAtZero: true, ticks: { callback: (v: number | string) => value(Number(v)) } };
  return {
    type: 'bar',
    data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: colors[i % colors.length], borderRadius: 3 })) },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: opts.horizontal ? 'y' : 'x',
      scales: opts.horizontal ? { x: valueAxis } : { y: valueAxis },
      plugins: {
        legend: { display: series.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${c.raw === null ? '—' : value(Number(c.raw))}` } },
      },
    },
  };
}
