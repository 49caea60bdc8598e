// The receipt: rendered from the stored event (what is printed is what was recorded), for the print
// dialog (which also saves as PDF). Identity masked; the chain hash lets an auditor check it. The
// automatic decision, every review step (who, when, why) and the decision in force are printed.
import { Alert, Button, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Receipt, SophonApi } from '../api/sophon-api.js';
import { formatDateTime, formatScore } from '../i18n/format.js';
import { errorText } from '../i18n/labels.js';
import { LayoutSelect, ReceiptHeading, useBranchName, useReceiptLayout } from './ReceiptLayout.js';
import './receipt.css';

/**
 * `followCounter` (a clerk's receipt): the receipt belongs to the customer at the counter; when the
 * counter clears them (card taken off + the hold, sign-out, idle), the screen goes back to the
 * counter and the receipt's name, number and photos leave the page with them.
 */
export function ReceiptPage({
  api,
  eventId,
  onBack,
  followCounter = false,
}: {
  api: SophonApi;
  eventId: string;
  onBack: () => void;
  followCounter?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [r, setR] = useState<Receipt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [layout, setLayout] = useReceiptLayout(r !== null);
  const branch = useBranchName(api);
  useEffect(() => {
    api.receipt({ id: eventId }).then(setR, (e: unknown) => setError(errorText(t, e)));
  }, [api, eventId, t]);
  const back = useRef(onBack);
  back.current = onBack;
  useEffect(() => {
    if (!followCounter) return;
    return api.watchCounter(
      (s) => {
        if (s.placement?.result?.event_id !== eventId) {
          setR(null);
          back.current();
        }
      },
      () => {},
    );
  }, [api, eventId, followCounter]);
  if (error) return <Alert type="error" title={error} />;
  if (!r) return null;
  const step = (x: { step: string; by: string; at: number; comment: string | null }) =>
    t('receiptReview.line', {
      step: t(`receiptReview.steps.${x.step}`, { defaultValue: x.step }),
      by: x.by,
      at: formatDateTime(x.at),
      reason: x.comment ? t('receiptReview.reason', { comment: x.comment }) : '',
    });
  const reviewed = Boolean(r.review.clerk || r.review.supervisor);
  const finalText = r.review.pending
    ? t('supervisorReview.pending')
    : reviewed
      ? t(r.review.final === 'pass' ? 'verdict.manualPass' : 'verdict.manualFail')
      : t(`verdict.${r.review.final}`);
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
        <LayoutSelect value={layout} onChange={setLayout} />
        <Button type="primary" onClick={() => window.print()}>
          {t('receipt.print')}
        </Button>
      </Space>
      <article className={`receipt layout-${layout}`} data-testid="receipt" data-layout={layout}>
        <ReceiptHeading branch={branch} title={t('receipt.title')} />
        <table>
          <tbody>
            {row(t('receipt.time'), formatDateTime(r.time))}
            {row(t('receipt.terminal'), r.terminal ?? '')}
            {row(t('receipt.operator'), r.operator ?? '')}
            {row(t('receipt.name'), r.name_masked, 'receipt-name')}
            {row(t('receipt.id'), r.id_number_masked, 'receipt-id')}
            {row(t('receiptReview.automatic'), t(`verdict.${r.review.automatic}`), 'receipt-automatic')}
            {r.review.clerk && row(t('receiptReview.clerk'), step(r.review.clerk), 'receipt-clerk')}
            {r.review.supervisor && row(t('receiptReview.supervisor'), step(r.review.supervisor), 'receipt-supervisor')}
            {row(t('receiptReview.final'), finalText, 'receipt-result')}
            {row(t('receiptReview.match'), String(r.match), 'receipt-match')}
            {r.score !== null &&
              r.threshold !== null &&
              row(t('receipt.score'), `${formatScore(r.score, i18n.language)} / ${formatScore(r.threshold, i18n.language)}`)}
            {r.attempt !== null && row(t('receiptReview.attempt'), String(r.attempt), 'receipt-attempt')}
            {row(t('receipt.event'), r.event_id, 'receipt-event')}
          </tbody>
        </table>
        <div className="photos">
          {r.card_base64 && r.card_mime && <img src={`data:${r.card_mime};base64,${r.card_base64}`} alt={t('result.cardPhoto')} />}
          {r.live_base64 && <img src={`data:image/jpeg;base64,${r.live_base64}`} alt={t('result.livePhoto')} />}
        </div>
        <p className="hash">
          {t('receipt.hash')}: <code>{r.hash}</code>
        </p>
      </article>
    </div>
  );
}
