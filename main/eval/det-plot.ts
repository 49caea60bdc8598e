// The DET curve (false non-match rate against false-match rate, both on log axes) of one or more
// evaluation runs, drawn as SVG by ECharts' server-side renderer.
import * as echarts from 'echarts';

export interface DetSeries {
  name: string;
  points: { far: number; frr: number }[];
}

/** Log-axis tick as a power of ten (1e-4), not the float the axis computed (0.00009999…). */
const tick = (v: number): string => (v >= 1 ? '1' : `1e${Math.round(Math.log10(v))}`);

export function detSvg(title: string, series: readonly DetSeries[], width = 720, height = 520): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 50, bottom: 80 },
      xAxis: {
        type: 'log',
        name: 'false-match rate (FMR)',
        nameLocation: 'middle',
        nameGap: 30,
        min: 1e-6,
        max: 1,
        logBase: 10,
        axisLabel: { formatter: tick },
      },
      yAxis: {
        type: 'log',
        name: 'false non-match rate (FNMR)',
        nameLocation: 'middle',
        nameGap: 50,
        min: 1e-4,
        max: 1,
        logBase: 10,
        axisLabel: { formatter: tick },
      },
      series: series.map((s) => ({
        name: s.name,
        type: 'line',
        showSymbol: false,
        data: s.points.map((p) => [p.far, Math.max(1e-4, p.frr)]),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
