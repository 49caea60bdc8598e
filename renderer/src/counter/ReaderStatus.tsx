import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CounterState } from '../api/sophon-api.js';
import { readerProblemText } from '../i18n/labels.js';

const TYPE = { 'no-reader': 'error', idle: 'info', 'card-present': 'success', reading: 'info', error: 'warning' } as const;

/** Always visible: what the reader is doing and what to do about it. */
export function ReaderStatus({ state, lost }: { state: CounterState | null; lost: boolean }) {
  const { t } = useTranslation();
  if (lost || !state) return <Alert data-testid="reader-status" data-state="offline" type="error" showIcon title={t('app.offline')} />;
  const s = state.reader.state;
  // A reader problem is a warning whatever the state it left the reader in (never an info banner), in the UI language.
  const problem = state.problem && s !== 'no-reader' ? state.problem : null;
  return (
    <Alert
      data-testid="reader-status"
      data-state={s}
      data-problem={problem?.code}
      type={problem && TYPE[s] !== 'error' ? 'warning' : TYPE[s]}
      showIcon
      title={`${t('reader.label')}: ${t(`reader.${s}`)}`}
      description={problem ? readerProblemText(t, problem.code) : undefined}
    />
  );
}
