import { Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, SophonApi } from '../api/sophon-api.js';

export function AuditPage({ api }: { api: SophonApi }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AuditEntry[]>([]);
  useEffect(() => void api.audit().then(setRows), [api]);
  return (
    <Table<AuditEntry>
      rowKey="id"
      size="small"
      dataSource={rows}
      columns={[
        { title: t('audit.at'), dataIndex: 'at', render: (v: number) => new Date(v * 1000).toLocaleString() },
        { title: t('audit.actor'), dataIndex: 'actor' },
        { title: t('audit.action'), dataIndex: 'action' },
        { title: t('audit.target'), dataIndex: 'target' },
      ]}
    />
  );
}
