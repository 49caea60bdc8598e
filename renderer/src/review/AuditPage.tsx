// The audit log (administrators): who did what and when, filtered by person, action and period
// (days in the terminal's zone), newest first in keyset pages, and exported as CSV.
import { Button, DatePicker, Form, Input, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, EventQuery, SophonApi } from '../api/sophon-api.js';
import { useFormat } from '../i18n/format.js';
import { auditActionText, auditActorText } from '../i18n/labels.js';
import { zhCN } from '../i18n/zh-CN.js';
import { useDayjsLocale } from './dayjs-locale.js';
import { FilterButtons, periodQuery, TotalBar, useCsvExport, usePagedList } from './list-tools.js';

/** Every action the audit log knows (its keys in the locale files). */
export const AUDIT_ACTIONS = Object.keys(zhCN.auditActions);

interface Values {
  actor?: string;
  action?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

const auditPage = (api: SophonApi, q: EventQuery) => api.auditLog(q).then((p) => ({ ...p, rows: p.entries }));

export function AuditPage({ api }: { api: SophonApi }) {
  const { t } = useTranslation();
  const f = useFormat();
  useDayjsLocale();
  const { query, setQuery, rows, total, next, load } = usePagedList(api, auditPage, '100');

  const apply = (v: Values) => {
    const q: EventQuery = {};
    if (v.actor?.trim()) q.actor = v.actor.trim();
    if (v.action) q.action = v.action;
    Object.assign(q, periodQuery(v.period));
    setQuery(q);
  };
  const exportCsv = useCsvExport(() => api.exportAuditCsv(query), 'sophonmatch-audit');

  return (
    <div>
      <Form<Values> layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }} data-testid="audit-filters">
        <Form.Item name="period" label={t('audit.period')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')} rules={[{ max: 64 }]}>
          <Input style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 180 }}
            options={AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionText(t, a) }))}
          />
        </Form.Item>
        <FilterButtons applyTestId="audit-apply" onReset={() => setQuery({})} />
      </Form>
      <TotalBar testId="audit-total" total={total} exportLabel={t('audit.export')} onExport={() => void exportCsv()} />
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (v: number) => f.dateTime(v) },
          { title: t('audit.actor'), dataIndex: 'actor', render: (v: string) => auditActorText(t, v) },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <span data-action={v}>{auditActionText(t, v)}</span> },
          { title: t('audit.target'), dataIndex: 'target', render: (v: string | null) => v || t('common.none') },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 8 }} onClick={() => void load(query, next)}>
          {t('audit.more')}
        </Button>
      )}
    </div>
  );
}
