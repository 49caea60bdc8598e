// Supervisors: the event list with every filter of the review API (period in the terminal's time
// zone, result, review state, source, operator, terminal, score range, exact ID number, name
// prefix), keyset pages ("load more"), the total, CSV export of the filtered list, and each
// event's detail. Dates and numbers through the locale layer (renderer/src/i18n/format.ts).
import { FAIL_COLOR, PASS_COLOR } from '../app/colors.js';
import { Button, DatePicker, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventQuery, EventSummary, SophonApi } from '../api/sophon-api.js';
import { useFormat } from '../i18n/format.js';
import { cardTypeText, sourceText } from '../i18n/labels.js';
import { EventDrawer } from './EventDrawer.js';
import { useDayjsLocale } from './dayjs-locale.js';
import { FilterButtons, periodQuery, TotalBar, useCsvExport, usePagedList } from './list-tools.js';

/** The request time differs from the server's by more than this: both are shown. */
export const TIME_DIFFERS_S = 60;

interface FilterValues {
  period?: [Dayjs | null, Dayjs | null] | null;
  decision?: string;
  review_state?: string;
  clerk_review?: string;
  source?: string;
  operator?: string;
  terminal?: string;
  score_min?: number | null;
  score_max?: number | null;
  id_number?: string;
  name_prefix?: string;
}

/** The form's values as the API's query: the period's days from 00:00 of the first to 24:00 of the last, in the terminal's zone. */
export function toQuery(v: FilterValues): EventQuery {
  const q: EventQuery = periodQuery(v.period);
  for (const k of ['decision', 'review_state', 'clerk_review', 'source', 'operator', 'terminal', 'id_number', 'name_prefix'] as const) {
    const x = v[k]?.trim();
    if (x) q[k] = x;
  }
  if (typeof v.score_min === 'number') q.score_min = String(v.score_min);
  if (typeof v.score_max === 'number') q.score_max = String(v.score_max);
  return q;
}

const eventsPage = (api: SophonApi, q: EventQuery) => api.listEvents(q).then((p) => ({ ...p, rows: p.events }));

export function EventsPage({ api }: { api: SophonApi }) {
  const { t } = useTranslation();
  const f = useFormat();
  useDayjsLocale();
  const { query, setQuery, rows, total, next, load, loading } = usePagedList(api, eventsPage, '50');
  const [open, setOpen] = useState<string | null>(null);

  const exportCsv = useCsvExport(() => api.exportCsv(query), 'sophonmatch-events');

  const name = (r: EventSummary) => r.identity?.user_name || r.identity?.name_en || '';
  return (
    <div>
      <Form<FilterValues>
        layout="inline"
        onFinish={(v) => setQuery(toQuery(v))}
        style={{ marginBottom: 12, rowGap: 8 }}
        data-testid="events-filters"
      >
        <Form.Item name="period" label={t('events.filters.period')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
        </Form.Item>
        <Form.Item name="decision" label={t('events.filters.decision')}>
          <Select
            allowClear
            style={{ width: 100 }}
            options={[
              { value: 'pass', label: t('events.pass') },
              { value: 'fail', label: t('events.fail') },
            ]}
          />
        </Form.Item>
        <Form.Item name="review_state" label={t('events.filters.review')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={(['unreviewed', 'confirmed', 'overridden'] as const).map((s) => ({ value: s, label: t(`events.states.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="clerk_review" label={t('receiptReview.clerk')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={(['any', 'overridden', 'passed', 'failed'] as const).map((s) => ({
              value: s,
              label: s === 'any' ? t('receiptReview.anyStep') : t(`receiptReview.steps.${s}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="source" label={t('events.filters.source')}>
          <Select
            allowClear
            style={{ width: 100 }}
            options={(['counter', 'api'] as const).map((s) => ({ value: s, label: sourceText(t, s) }))}
          />
        </Form.Item>
        <Form.Item name="operator" label={t('events.filters.operator')} rules={[{ max: 64 }]}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="terminal" label={t('events.filters.terminal')} rules={[{ max: 128 }]}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="score_min" label={t('events.filters.scoreMin')}>
          <InputNumber min={-1} max={1} step={0.05} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="score_max" label={t('events.filters.scoreMax')}>
          <InputNumber min={-1} max={1} step={0.05} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item
          name="id_number"
          label={t('events.filters.idNumber')}
          rules={[{ pattern: /^[0-9A-Za-z]{6,36}$/, message: t('events.filters.idNumberBad') }]}
        >
          <Input style={{ width: 190 }} />
        </Form.Item>
        <Form.Item
          name="name_prefix"
          label={t('events.filters.namePrefix')}
          rules={[{ max: 4, message: t('events.filters.namePrefixBad') }]}
        >
          <Input style={{ width: 80 }} />
        </Form.Item>
        <FilterButtons applyTestId="events-apply" onReset={() => setQuery({})} />
      </Form>
      <TotalBar testId="events-total" total={total} exportLabel={t('events.export')} onExport={() => void exportCsv()} />
      <Table<EventSummary>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('events.time'),
            dataIndex: 'server_time',
            render: (v: number, r) => (
              <span data-testid="event-time">
                {f.dateTime(v)}
                {Math.abs(r.compare_time - v) > TIME_DIFFERS_S && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="event-compare-time">
                    {t('events.compareTime', { time: f.dateTime(r.compare_time) })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { title: t('events.name'), render: (_, r) => <span className="event-name">{name(r) || t('common.notProvided')}</span> },
          { title: t('events.id'), render: (_, r) => r.identity?.user_idcard || t('common.notProvided') },
          { title: t('card.type'), dataIndex: 'card_type', render: (v: string | null) => cardTypeText(t, v) },
          { title: t('events.score'), dataIndex: 'score', render: (v: number, r) => `${f.score(v)} / ${f.score(r.threshold)}` },
          {
            title: t('events.decision'),
            dataIndex: 'decision',
            render: (v: boolean, r) => (
              <>
                <Tag color={v ? PASS_COLOR : FAIL_COLOR}>{v ? t('events.pass') : t('events.fail')}</Tag>
                {r.review_band && <Tag>{t('verdict.review')}</Tag>}
              </>
            ),
          },
          {
            title: t('events.review'),
            dataIndex: 'review_state',
            render: (v: string, r) => (
              <span data-testid="event-review">
                {r.clerk_review && (
                  <span>
                    {t('receiptReview.clerk')}: {t(`receiptReview.steps.${r.clerk_review}`, { defaultValue: r.clerk_review })} ·{' '}
                  </span>
                )}
                {['unreviewed', 'confirmed', 'overridden'].includes(v) ? t(`events.states.${v}`) : v}
              </span>
            ),
          },
          {
            title: t('receiptReview.final'),
            dataIndex: 'final_decision',
            render: (v: boolean, r) => {
              const byPerson = Boolean(r.clerk_review) || r.review_state !== 'unreviewed';
              if (r.review_band && !byPerson) return <Tag>{t('supervisorReview.pending')}</Tag>;
              return (
                <Tag color={v ? PASS_COLOR : FAIL_COLOR}>
                  {byPerson ? t(v ? 'verdict.manualPass' : 'verdict.manualFail') : v ? t('events.pass') : t('events.fail')}
                </Tag>
              );
            },
          },
          { title: t('events.source'), dataIndex: 'source', render: (v: string) => sourceText(t, v) },
          { title: t('events.terminal'), dataIndex: 'terminal_id' },
          { title: t('events.operator'), dataIndex: 'operator', render: (v: string | null) => v || t('common.none') },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 8 }} onClick={() => void load(query, next)}>
          {t('events.more')}
        </Button>
      )}
      {open && <EventDrawer api={api} id={open} onClose={() => setOpen(null)} onChanged={() => void load(query)} />}
    </div>
  );
}
