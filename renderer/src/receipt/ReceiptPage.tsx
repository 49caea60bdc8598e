// The receipt: rendered from the stored event (what is printed is what was recorded), for the print
// dialog (which also saves as PDF). Identity masked; the chain hash lets an auditor check it.
import { Alert, Button, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Receipt, SophonApi } from '../api/sophon-api.js';
import './receipt.css';

export function ReceiptPage({ api, eventId, onBack }: { api: SophonApi; eventId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const [r, setR] = useState<Receipt | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.receipt(eventId).then(setR, (e: Error) => setError(e.message));
  }, [api, eventId]);
  if (error) return <Alert type="error" title={error} />;
  if (!r) return null;
  const row = (label: string, value: string, testId?: string) => (
    <tr>
      <th>{label}</th>
      <td data-testid={testId}>{value}</td>
    </tr>
  );
  return (
    <div className="receipt-page">
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <Button onClick={onBack}>{t('receipt.back')}</Button>
        <Button type="primary" onClick={() => window.print()}>
          {t('receipt.print')}
        </Button>
      </Space>
      <article className="receipt" data-testid="receipt">
        <h1>{t('receipt.title')}</h1>
        <table>
          <tbody>
            {row(t('receipt.time'), new Date(r.time * 1000).toLocaleString())}
            {row(t('receipt.terminal'), r.terminal ?? '')}
            {row(t('receipt.operator'), r.operator ?? '')}
            {row(t('receipt.name'), r.name_masked, 'receipt-name')}
            {row(t('receipt.id'), r.id_number_masked, 'receipt-id')}
            {row(t('receipt.result'), r.decision === 'pass' ? t('result.pass') : t('result.fail'), 'receipt-result')}
            {row(t('receipt.score'), `${r.score.toFixed(3)} / ${r.threshold.toFixed(3)}`)}
            {row(t('receipt.event'), r.event_id, 'receipt-event')}
          </tbody>
        </table>
        <div className="photos">
          {r.card_jpeg_base64 && <img src={`data:image/jpeg;base64,${r.card_jpeg_base64}`} alt={t('result.cardPhoto')} />}
          {r.live_jpeg_base64 && <img src={`data:image/jpeg;base64,${r.live_jpeg_base64}`} alt={t('result.livePhoto')} />}
        </div>
        <p className="hash">
          {t('receipt.hash')}: <code>{r.hash}</code>
        </p>
      </article>
    </div>
  );
}
