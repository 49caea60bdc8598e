import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CounterState } from '../api/sophon-api.js';

const TYPE = { 'no-reader': 'error', idle: 'info', 'card-present': 'success', reading: 'info', error: 'warning' } as const;

/** Always visible: what the reader is doing and what to do about it. */
export function ReaderStatus({ state, lost }: { state: CounterState | null; lost: boolean }) {
  const { t } = useTranslation();
  if (lost || !state) return <Alert data-testid="reader-status" data-state="offline" type="error" showIcon title={t('app.offline')} />;
  const s = state.reader.state;
  return <Alert data-testid="reader-status" data-state={s} type={TYPE[s]} showIcon title={`${t('reader.label')}: ${t(`reader.${s}`)}`} description={state.problem && s !== 'no-reader' ? state.problem.message : undefined} />;
}
