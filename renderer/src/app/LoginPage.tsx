import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session, SophonApi } from '../api/sophon-api.js';
import { errorText } from '../i18n/labels.js';

export function LoginPage({ api, onSession, notice = null }: { api: SophonApi; onSession: (s: Session) => void; notice?: string | null }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card title={t('login.title')} style={{ maxWidth: 380, margin: '80px auto' }}>
      <Form
        layout="vertical"
        onFinish={async (v: { username: string; password: string }) => {
          setBusy(true);
          setError(null);
          try {
            const s = await api.login({ username: v.username, password: v.password });
            onSession({ token: s.token, username: s.username, role: s.role, ...(s.expires_at ? { expiresAt: s.expires_at } : {}) });
          } catch (e) {
            setError(errorText(t, e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {notice && !error && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" />}
        <Form.Item
          label={t('login.username')}
          name="username"
          rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}
        >
          <Input autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item
          label={t('login.password')}
          name="password"
          rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {error && (
          <Alert
            type="error"
            showIcon
            title={t('login.failed')}
            description={<span data-testid="login-error">{error}</span>}
            style={{ marginBottom: 16 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('login.submit')}
        </Button>
      </Form>
    </Card>
  );
}
