import { Alert, Button, Card, Result, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CounterResult } from '../api/sophon-api.js';

export type Outcome = { kind: 'idle' } | { kind: 'comparing' } | { kind: 'done'; result: CounterResult; overridden: boolean } | { kind: 'error'; message: string };

/** Pass / fail in large type, the score against the threshold, both photos, and the actions. */
export function ResultPanel({ outcome, onRetry, onOverride, onPrint }: { outcome: Outcome; onRetry: () => void; onOverride: () => void; onPrint: () => void }) {
  const { t } = useTranslation();
  if (outcome.kind === 'idle') return <Card title={t('result.title')} style={{ height: '100%' }} />;
  if (outcome.kind === 'comparing')
    return (
      <Card title={t('result.title')} style={{ height: '100%' }}>
        <Spin size="large" />
        <Typography.Paragraph>{t('result.comparing')}</Typography.Paragraph>
      </Card>
    );
  if (outcome.kind === 'error')
    return (
      <Card title={t('result.title')} style={{ height: '100%' }}>
        <Alert type="error" showIcon title={t('result.error')} description={outcome.message} data-testid="result-error" />
        <Button style={{ marginTop: 12 }} onClick={onRetry}>
          {t('result.retry')}
        </Button>
      </Card>
    );
  const r = outcome.result;
  const pass = r.decision === 'pass';
  return (
    <Card title={t('result.title')} size="small" style={{ height: '100%' }}>
      <Result
        status={pass ? 'success' : 'error'}
        title={<span data-testid="result-verdict" data-decision={r.decision} data-event-id={r.event_id} style={{ fontSize: 34, fontWeight: 700 }}>{pass ? t('result.pass') : t('result.fail')}</span>}
        subTitle={<span data-testid="result-score">{t('result.score')} {r.score.toFixed(3)} / {t('result.threshold')} {r.threshold.toFixed(3)}</span>}
        style={{ padding: 8 }}
      />
      <Space style={{ width: '100%', justifyContent: 'center' }}>
        <figure style={{ margin: 0, textAlign: 'center' }}>
          <img src={`data:image/jpeg;base64,${r.card_jpeg_base64}`} alt={t('result.cardPhoto')} height={126} />
          <figcaption>{t('result.cardPhoto')}</figcaption>
        </figure>
        <figure style={{ margin: 0, textAlign: 'center' }}>
          <img src={`data:image/jpeg;base64,${r.live_jpeg_base64}`} alt={t('result.livePhoto')} height={126} />
          <figcaption>{t('result.livePhoto')}</figcaption>
        </figure>
      </Space>
      {outcome.overridden && <Alert type="info" showIcon title={t('result.overridden')} style={{ marginTop: 8 }} />}
      <Space wrap style={{ marginTop: 12, width: '100%', justifyContent: 'center' }}>
        <Button onClick={onRetry}>{t('result.retry')}</Button>
        <Button onClick={onOverride} disabled={outcome.overridden}>
          {t('result.override')}
        </Button>
        <Button type="primary" onClick={onPrint} data-testid="print-receipt">
          {t('result.print')}
        </Button>
      </Space>
    </Card>
  );
}
