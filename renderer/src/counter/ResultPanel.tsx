import { Alert, Button, Card, Result, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../i18n/format.js';
import type { CounterResult, CounterState, Role } from '../api/sophon-api.js';

type Placement = NonNullable<CounterState['placement']>;

/** The automatic decision's word: pass, fail, or review (the review band). */
export const verdictKey = (r: CounterResult): 'pass' | 'fail' | 'review' => r.decision;

/** The decision in force, in words: the supervisor's, else the clerk's, else the automatic one. */
export function finalWords(r: CounterResult): { title: string; by: { key: string; by: string; comment: string | null } | null } {
  const rv = r.review;
  if (rv.supervisor)
    return {
      title: rv.final === 'pass' ? 'verdict.supervisorPass' : 'verdict.supervisorFail',
      by: { key: 'supervisor', by: rv.supervisor.by, comment: rv.supervisor.comment },
    };
  if (rv.clerk)
    return {
      title: rv.final === 'pass' ? 'verdict.manualPass' : 'verdict.manualFail',
      by: { key: 'clerk', by: rv.clerk.by, comment: rv.clerk.comment },
    };
  return { title: `verdict.${r.decision}`, by: null };
}

const photo = (b64: string, mime: string, alt: string, height: number, caption: string) => (
  <figure style={{ margin: 0, textAlign: 'center' }}>
    <img src={`data:${mime};base64,${b64}`} alt={alt} height={height} style={{ maxWidth: '100%', objectFit: 'contain' }} />
    <figcaption>{caption}</figcaption>
  </figure>
);

/**
 * The result of the placement's current attempt: the decision in force in large type and in words
 * (who decided, why), the 0–100 match figure (supervisors also the exact score), both photos (large
 * for a review-band check), and the actions.
 */
export function ResultPanel({
  placement,
  role,
  onRetry,
  onOverride,
  canOverride,
  onPrint,
  onBand,
}: {
  placement: Placement | null;
  role: Role;
  onRetry: () => void;
  onOverride: () => void;
  canOverride: boolean;
  onPrint: () => void;
  onBand: (d: 'pass' | 'fail') => void;
}) {
  const { t, i18n } = useTranslation();
  void role;
  if (!placement || placement.phase === 'reading-photo' || placement.phase === 'capture')
    return <Card title={t('result.title')} style={{ height: '100%' }} />;
  if (placement.phase === 'comparing')
    return (
      <Card title={t('result.title')} style={{ height: '100%' }}>
        <Spin size="large" />
        <Typography.Paragraph>{t('result.comparing')}</Typography.Paragraph>
      </Card>
    );
  if (placement.phase === 'error' || !placement.result)
    return (
      <Card title={t('result.title')} style={{ height: '100%' }}>
        <Button onClick={onRetry}>{t('result.retry')}</Button>
      </Card>
    );
  const r = placement.result;
  const rv = r.review;
  const words = finalWords(r);
  const pending = rv.pending;
  const reviewed = Boolean(rv.clerk || rv.supervisor);
  const status = pending ? 'warning' : rv.final === 'pass' ? 'success' : 'error';
  const byLine = words.by
    ? t(
        words.by.key === 'supervisor'
          ? words.by.comment
            ? 'verdict.supervisorByReason'
            : 'verdict.supervisorBy'
          : words.by.comment
            ? 'verdict.byReason'
            : 'verdict.by',
        { by: words.by.by, comment: words.by.comment },
      )
    : null;
  const big = pending ? 200 : 126;
  return (
    <Card title={t('result.title')} size="small" style={{ height: '100%' }}>
      <Result
        status={status}
        title={
          <span
            data-testid="result-verdict"
            data-decision={r.decision}
            data-final={rv.final}
            data-pending={String(pending)}
            data-reviewed={String(reviewed)}
            data-event-id={r.event_id}
            style={{ fontSize: reviewed ? 28 : 34, fontWeight: 700 }}
          >
            {t(words.title)}
          </span>
        }
        subTitle={
          <span data-testid="result-words">
            {byLine && <span data-testid="result-by">— {byLine}</span>}
            {reviewed && (
              <span style={{ display: 'block' }} data-testid="result-automatic">
                {t('verdict.automatic', { decision: t(`verdict.${r.decision}`) })}
              </span>
            )}
            {pending && <span style={{ display: 'block' }}>{t('verdict.reviewHelp')}</span>}
            <span style={{ display: 'block' }} data-testid="result-score">
              {t('verdict.match')} <strong data-testid="result-match">{r.match}</strong>{' '}
              <Typography.Text type="secondary">({t('verdict.matchHelp')})</Typography.Text>
              {r.score !== null && r.threshold !== null && (
                <span style={{ display: 'block' }} data-testid="result-exact">
                  {t('verdict.exact', { score: formatScore(r.score, i18n.language), threshold: formatScore(r.threshold, i18n.language) })}
                </span>
              )}
            </span>
          </span>
        }
        style={{ padding: 4 }}
      />
      <Space style={{ width: '100%', justifyContent: 'center' }}>
        {photo(r.card_base64, r.card_mime, t('result.cardPhoto'), big, t('result.cardPhoto'))}
        {photo(r.live_base64, 'image/jpeg', t('result.livePhoto'), big, t('result.livePhoto'))}
      </Space>
      {placement.removed_at !== null && (
        <Alert
          type="info"
          showIcon
          title={t('flow.removed', { n: Math.max(0, Math.ceil((placement.clear_at ?? 0) - Date.now() / 1000)) })}
          style={{ marginTop: 8 }}
        />
      )}
      <Space wrap style={{ marginTop: 8, width: '100%', justifyContent: 'center' }}>
        {pending ? (
          <>
            <Button key="band-pass" type="primary" onClick={() => onBand('pass')} data-testid="band-pass">
              {t('verdict.confirmSame')}
            </Button>
            <Button key="band-fail" danger onClick={() => onBand('fail')} data-testid="band-fail">
              {t('verdict.rejectSame')}
            </Button>
          </>
        ) : (
          <Button key="override" onClick={onOverride} disabled={!canOverride} data-testid="override">
            {!reviewed
              ? t('result.override')
              : rv.clerk?.step === 'overridden' || rv.supervisor
                ? t('verdict.overrideDone')
                : t('verdict.decided')}
          </Button>
        )}
        <Button key="retry" onClick={onRetry} data-testid="retry">
          {t('result.retry')}
        </Button>
        <Button key="print" type="primary" onClick={onPrint} data-testid="print-receipt" disabled={pending}>
          {t('result.print')}
        </Button>
      </Space>
    </Card>
  );
}
