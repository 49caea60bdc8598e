// Supervisors: the event list with the review API's filters, pages by keyset ("load more"),
// totals, CSV export of the filtered list, and each event's detail.
import { FAIL_COLOR, PASS_COLOR } from '../app/colors.js';
import { Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventQuery, EventSummary, SophonApi } from '../api/sophon-api.js';
import { EventDrawer } from './EventDrawer.js';

export function EventsPage({ api }: { api: SophonApi }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState<EventQuery>({});
  const [rows, setRows] = useState<EventSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<number | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (q: EventQuery, before?: number) => {
      setLoading(true);
      try {
        const page = await api.listEvents({ ...q, limit: '50', ...(before ? { before: String(before) } : {}) });
        setRows((r) => (before ? [...r, ...page.events] : page.events));
        setTotal(page.total);
        setNext(page.next);
      } finally {
        setLoading(false);
      }
    },
    [api],
  );
  useEffect(() => void load(query), [load, query]);

  const exportCsv = async () => {
    const blob = await api.exportCsv(query);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'sophonmatch-events.csv';
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div>
      <Form layout="inline" onFinish={(v: EventQuery) => setQuery(Object.fromEntries(Object.entries(v).filter(([, x]) => x)))} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="decision" label={t('events.filters.decision')}>
          <Select allowClear style={{ width: 110 }} options={[{ value: 'pass', label: t('events.pass') }, { value: 'fail', label: t('events.fail') }]} />
        </Form.Item>
        <Form.Item name="review_state" label={t('events.filters.review')}>
          <Select allowClear style={{ width: 120 }} options={(['unreviewed', 'confirmed', 'overridden'] as const).map((s) => ({ value: s, label: t(`events.states.${s}`) }))} />
        </Form.Item>
        <Form.Item name="source" label={t('events.filters.source')}>
          <Select allowClear style={{ width: 110 }} options={[{ value: 'counter', label: 'counter' }, { value: 'api', label: 'api' }]} />
        </Form.Item>
        <Form.Item name="id_number" label={t('events.filters.idNumber')} rules={[{ pattern: /^[0-9A-Za-z]{6,36}$/ }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="name_prefix" label={t('events.filters.namePrefix')} rules={[{ max: 4 }]}>
          <Input style={{ width: 90 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          {t('events.filters.apply')}
        </Button>
        <Button htmlType="reset" onClick={() => setQuery({})}>
          {t('events.filters.reset')}
        </Button>
      </Form>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong data-testid="events-total">
          {t('events.total', { count: total })}
        </Typography.Text>
        <Button onClick={() => void exportCsv()}>{t('events.export')}</Button>
      </Space>
      <Table<EventSummary>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('events.time'), dataIndex: 'server_time', render: (v: number) => new Date(v * 1000).toLocaleString() },
          { title: t('events.name'), render: (_, r) => <span className="event-name">{r.identity?.user_name ?? ''}</span> },
          { title: t('events.id'), render: (_, r) => r.identity?.user_idcard ?? '' },
          { title: t('events.score'), dataIndex: 'score', render: (v: number, r) => `${v.toFixed(3)} / ${r.threshold.toFixed(3)}` },
          { title: t('events.decision'), dataIndex: 'decision', render: (v: boolean) => <Tag color={v ? PASS_COLOR : FAIL_COLOR}>{v ? t('events.pass') : t('events.fail')}</Tag> },
          { title: t('events.review'), dataIndex: 'review_state', render: (v: 'unreviewed' | 'confirmed' | 'overridden') => t(`events.states.${v}`) },
          { title: t('events.source'), dataIndex: 'source' },
          { title: t('events.operator'), dataIndex: 'operator' },
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
