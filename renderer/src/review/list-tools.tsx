// What the filtered lists (events, audit log) share: a picked period as the API's from/to, the
// keyset pages, the CSV download, the filter form's apply/reset buttons and the total with its export button.
import { App as AntApp, Button, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventQuery, SophonApi } from '../api/sophon-api.js';
import { useFormat, zonedToUnix } from '../i18n/format.js';
import { errorText } from '../i18n/labels.js';

/** The period's days from 00:00 of the first to 24:00 of the last, in the terminal's zone (only the ends picked). */
export function periodQuery(period: [Dayjs | null, Dayjs | null] | null | undefined): EventQuery {
  const q: EventQuery = {};
  const [a, b] = period ?? [];
  if (a) q.from = String(zonedToUnix(a.year(), a.month() + 1, a.date()));
  if (b) q.to = String(zonedToUnix(b.year(), b.month() + 1, b.date() + 1));
  return q;
}

type Page<R> = { rows: R[]; total: number; next: number | null };
/** The list's query, the rows of the pages loaded so far, their total and the next page's key (`load(q, before)` fetches one; a
 * failure is shown as a message). `page` is a module-level function, so that it stays the same from one render to the next. */
export function usePagedList<R>(api: SophonApi, page: (api: SophonApi, q: EventQuery) => Promise<Page<R>>, limit: string) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [query, setQuery] = useState<EventQuery>({});
  const [rows, setRows] = useState<R[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const load = useCallback(
    async (q: EventQuery, before?: number) => {
      setLoading(true);
      try {
        const p = await page(api, { ...q, limit, ...(before ? { before: String(before) } : {}) });
        setRows((r) => (before ? [...r, ...p.rows] : p.rows));
        setTotal(p.total);
        setNext(p.next);
      } catch (e) {
        void message.error(errorText(t, e));
      } finally {
        setLoading(false);
      }
    },
    [api, page, limit, message, t],
  );
  useEffect(() => void load(query), [load, query]);
  return { query, setQuery, rows, total, next, load, loading };
}

/** A CSV export saved as `${prefix}-<today>.csv`; a failure is shown as a message. */
export function useCsvExport(exportCsv: () => Promise<Blob>, prefix: string): () => Promise<void> {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = AntApp.useApp();
  return async () => {
    try {
      const blob = await exportCsv();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${prefix}-${f.date(Date.now() / 1000)}.csv`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };
}

/** The filter form's apply (submit) and reset buttons. */
export function FilterButtons({ applyTestId, onReset }: { applyTestId: string; onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Button htmlType="submit" type="primary" data-testid={applyTestId}>
        {t('events.filters.apply')}
      </Button>
      <Button htmlType="reset" onClick={onReset}>
        {t('events.filters.reset')}
      </Button>
    </>
  );
}

/** The list's total and its CSV export button. */
export function TotalBar({
  testId,
  total,
  exportLabel,
  onExport,
}: {
  testId: string;
  total: number;
  exportLabel: string;
  onExport: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Space style={{ marginBottom: 8 }}>
      <Typography.Text strong data-testid={testId} data-total={total}>
        {t('events.totalN', { n: f.count(total) })}
      </Typography.Text>
      <Button onClick={onExport}>{exportLabel}</Button>
    </Space>
  );
}
