// The first run in the browser: while no user exists, "create the first administrator" — answered
// only from this machine (the server refuses any other); afterwards the sign-in screen.
import { Alert, App as AntApp, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SophonApi } from '../api/sophon-api.js';
import { errorText } from '../i18n/labels.js';
import { NewPasswordItems } from './NewPasswordItems.js';

export function FirstRunPage({ api, allowed, onDone }: { api: SophonApi; allowed: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card title={t('firstRun.title')} style={{ maxWidth: 460, margin: '60px auto' }} data-testid="first-run">
      <Alert
        type={allowed ? 'info' : 'warning'}
        showIcon
        title={allowed ? t('firstRun.intro') : t('firstRun.remote')}
        style={{ marginBottom: 16 }}
      />
      {allowed && (
        <Form
          layout="vertical"
          onFinish={async (v: { username: string; password: string; again: string }) => {
            setBusy(true);
            setError(null);
            try {
              await api.setupAdmin({ username: v.username.trim(), password: v.password });
              void message.success(t('firstRun.done'));
              onDone();
            } catch (e) {
              setError(errorText(t, e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label={t('firstRun.username')} name="username" rules={[{ required: true, message: t('errors.BAD_USERNAME') }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <NewPasswordItems label={t('firstRun.password')} again={{ label: t('firstRun.again'), mismatch: t('firstRun.mismatch') }} />
          {error && <Alert type="error" showIcon title={<span data-testid="first-run-error">{error}</span>} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t('firstRun.create')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
