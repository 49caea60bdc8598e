// The supervisor's dashboard over a chosen period (days in the terminal's time zone; the last 30
// by default): totals, pass rate in %, overrides and their share, checks per day and per hour of
// day, the score histogram with the three thresholds drawn, per operator and per terminal (ECharts).
import { Card, Col, DatePicker, Empty, Row, Space, Statistic, Table } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard, SophonApi } from '../api/sophon-api.js';
import { formatDate, useFormat, zonedToUnix, zoneOffsetMinutes } from '../i18n/format.js';
import { useDayjsLocale } from './dayjs-locale.js';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

/** A chart in a card (of `span` columns) titled as the chart is labelled. */
function ChartCard({ span, option, label, testId }: { span: number; option: echarts.EChartsCoreOption; label: string; testId: string }) {
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
  return (
    <Col span={span}>
      <Card title={label} size="small">
        <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ height: 280 }} />
      </Card>
    </Col>
  );
}

/** Today and the 29 days before it, in the terminal's zone. */
function lastDays(n: number): [Dayjs, Dayjs] {
  const today = dayjs(formatDate(Date.now() / 1000));
  return [today.subtract(n - 1, 'day'), today];
}

export function DashboardPage({ api }: { api: SophonApi }) {
  const { t } = useTranslation();
  const f = useFormat();
  useDayjsLocale();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => lastDays(30));
  const [s, setS] = useState<Dashboard | null>(null);
  useEffect(() => {
    const [a, b] = period;
    const from = zonedToUnix(a.year(), a.month() + 1, a.date());
    const to = zonedToUnix(b.year(), b.month() + 1, b.date() + 1);
    void api
      .dashboard({ from: String(from), to: String(to), utc_offset_minutes: String(zoneOffsetMinutes(from)) })
      .then(setS, () => setS(null));
  }, [api, period]);

  const options = useMemo(() => {
    if (!s) return null;
    const pct = (x: number) => Math.round(x * 1000) / 10;
    // Every day of the period, those without checks too.
    const byDay = new Map(s.days.map((d) => [d.day, d]));
    const allDays: string[] = [];
    for (let d = period[0].startOf('day'); !d.isAfter(period[1], 'day'); d = d.add(1, 'day')) allDays.push(d.format('YYYY-MM-DD'));
    const days = allDays.map((day) => byDay.get(day) ?? { day, checks: 0, passes: 0, pass_rate: 0 });
    const daily = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 56, bottom: 28, top: 56 },
      xAxis: { type: 'category', data: days.map((d) => d.day) },
      yAxis: [
        { type: 'value', name: t('dashboard.count'), minInterval: 1 },
        { type: 'value', name: '%', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: t('dashboard.checks'), type: 'bar', data: days.map((d) => d.checks) },
        {
          name: t('dashboard.passRate'),
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          data: days.map((d) => (d.checks ? pct(d.pass_rate) : null)),
          tooltip: { valueFormatter: (v: number) => `${v}%` },
        },
      ],
    };
    const hourly = {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, bottom: 28, top: 24 },
      xAxis: { type: 'category', data: s.hours.map((h) => t('dashboard.hour', { hour: String(h.hour).padStart(2, '0') })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('dashboard.count'), type: 'bar', data: s.hours.map((h) => h.checks) }],
    };
    // The histogram's x axis is numeric (bin centres), so the thresholds fall where they belong.
    const histogram = {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 24, bottom: 28, top: 40 },
      xAxis: { type: 'value', min: -1, max: 1, interval: 0.2, axisLabel: { formatter: (v: number) => f.score(v, 1) } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dashboard.count'),
          type: 'bar',
          barWidth: '90%',
          data: s.histogram.map((h) => [(h.from + h.to) / 2, h.count]),
          barMaxWidth: 40,
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}' },
            // Three lines 0.05 apart: their labels at three heights, so that none covers another.
            data: (['low', 'middle', 'high'] as const).map((k) => ({
              name: `${t(`dashboard.thresholds.${k}`)} ${f.score(s.thresholds[k])}`,
              xAxis: s.thresholds[k],
              label: { position: k === 'low' ? 'insideStartTop' : k === 'middle' ? 'insideMiddleTop' : 'insideEndTop' },
              lineStyle: { color: k === 'middle' ? '#a8071a' : '#595959', type: k === 'middle' ? 'solid' : 'dashed' },
            })),
          },
        },
      ],
    };
    return { daily, hourly, histogram };
  }, [s, t, f.locale, period]);

  const share = (x: number, of: number) => (of ? f.percent(x / of) : t('common.none'));
  return (
    <div data-testid="dashboard">
      <Space style={{ marginBottom: 12 }}>
        <span>{t('dashboard.period')}</span>
        <DatePicker.RangePicker
          value={period}
          allowClear={false}
          onChange={(v) => v && v[0] && v[1] && setPeriod([v[0], v[1]])}
          data-testid="dashboard-period"
        />
      </Space>
      {s && (
        <Row gutter={12} style={{ marginBottom: 12 }}>
          {(
            [
              [5, t('dashboard.total'), f.count(s.checks)],
              [5, t('dashboard.passes'), f.count(s.passes)],
              [4, t('dashboard.passRate'), s.checks ? f.percent(s.pass_rate) : t('common.none')],
              [5, t('dashboard.overrides'), f.count(s.overrides)],
              [5, t('dashboard.overrideShare'), s.checks ? f.percent(s.override_share) : t('common.none')],
            ] as const
          ).map(([span, title, value]) => (
            <Col span={span} key={title}>
              <Card size="small">
                <Statistic title={title} value={value} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {s && options && s.checks === 0 && <Empty description={t('dashboard.empty')} />}
      {s && options && s.checks > 0 && (
        <>
          <Row gutter={12}>
            <ChartCard span={12} label={t('dashboard.checks')} option={options.daily} testId="chart-daily" />
            <ChartCard span={12} label={t('dashboard.histogram')} option={options.histogram} testId="chart-histogram" />
          </Row>
          <Row gutter={12} style={{ marginTop: 12 }}>
            <ChartCard span={24} label={t('dashboard.perHour')} option={options.hourly} testId="chart-hourly" />
          </Row>
          <Row gutter={12} style={{ marginTop: 12 }}>
            {(
              [
                [
                  'operators',
                  'dashboard.perOperator',
                  { title: t('events.operator'), dataIndex: 'operator', render: (v: string | null) => v || t('dashboard.none') },
                ],
                ['terminals', 'dashboard.perTerminal', { title: t('events.terminal'), dataIndex: 'terminal' }],
              ] as const
            ).map(([k, title, first]) => (
              <Col span={12} key={k}>
                <Card title={t(title)} size="small">
                  <Table<Dashboard['operators'][number] | Dashboard['terminals'][number]>
                    size="small"
                    pagination={false}
                    rowKey={(r) => ('operator' in r ? (r.operator ?? '') : r.terminal)}
                    dataSource={s[k]}
                    data-testid={`dashboard-${k}`}
                    columns={[
                      first,
                      { title: t('dashboard.count'), dataIndex: 'checks', render: (v: number) => f.count(v) },
                      {
                        title: t('dashboard.passRate'),
                        render: (_: unknown, r: { checks: number; passes: number }) => share(r.passes, r.checks),
                      },
                      { title: t('dashboard.overrides'), dataIndex: 'overrides', render: (v: number) => f.count(v) },
                    ]}
                  />
                </Card>
              </Col>
            ))}
          </Row>
        </>
      )}
    </div>
  );
}
