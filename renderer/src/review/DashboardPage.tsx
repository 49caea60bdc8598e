// Daily checks with the pass rate, and the score histogram (ECharts).
import { Card, Col, Row } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyStats, SophonApi } from '../api/sophon-api.js';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

function Chart({ option, label }: { option: echarts.EChartsCoreOption; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'svg' });
    c.setOption({ animation: false, ...option }); // a counter PC draws it once, at once
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
    };
  }, [option]);
  return <div ref={el} role="img" aria-label={label} style={{ height: 320 }} />;
}

export function DashboardPage({ api }: { api: SophonApi }) {
  const { t } = useTranslation();
  const [s, setS] = useState<DailyStats | null>(null);
  useEffect(() => void api.stats({ utc_offset_minutes: String(-new Date().getTimezoneOffset()) }).then(setS), [api]);
  if (!s) return null;
  return (
    <Row gutter={12}>
      <Col span={12}>
        <Card title={t('dashboard.checks')}>
          <Chart
            label={t('dashboard.checks')}
            option={{
              tooltip: { trigger: 'axis' },
              legend: {},
              xAxis: { type: 'category', data: s.days.map((d) => d.day) },
              yAxis: [{ type: 'value' }, { type: 'value', min: 0, max: 1 }],
              series: [
                { name: t('dashboard.checks'), type: 'bar', data: s.days.map((d) => d.checks) },
                { name: t('dashboard.passRate'), type: 'line', yAxisIndex: 1, data: s.days.map((d) => d.pass_rate) },
              ],
            }}
          />
        </Card>
      </Col>
      <Col span={12}>
        <Card title={t('dashboard.histogram')}>
          <Chart label={t('dashboard.histogram')} option={{ tooltip: {}, xAxis: { type: 'category', data: s.histogram.map((h) => h.from.toFixed(1)) }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: s.histogram.map((h) => h.count) }] }} />
        </Card>
      </Col>
    </Row>
  );
}
