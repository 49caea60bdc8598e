// The user's own password: changed from the header at any time, and required (nothing else is
// allowed) after an administrator reset it.
import { Alert, App as AntApp, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SophonApi } from '../api/sophon-api.js';
import { errorText } from '../i18n/labels.js';
import { NewPasswordItems } from './NewPasswordItems.js';

export function PasswordPage({ api, forced, onDone }: { api: SophonApi; forced: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ current: string; next: string; again: string }>();
  return (
    <Card title={t('account.change')} style={{ maxWidth: 460, margin: '40px auto' }} data-testid="password-page">
      {forced && <Alert type="warning" showIcon title={t('account.mustChange')} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setError(null);
          try {
            await api.changeOwnPassword({ current: v.current, next: v.next });
            void message.success(t('account.done'));
            form.resetFields();
            onDone();
          } catch (e) {
            setError(errorText(t, e));
          }
        }}
      >
        <Form.Item label={t('account.current')} name="current" rules={[{ required: true, message: t('account.current') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordItems label={t('account.next')} name="next" again={{ label: t('account.again'), mismatch: t('account.mismatch') }} />
        {error && <Alert type="error" showIcon title={<span data-testid="password-error">{error}</span>} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block>
          {t('account.save')}
        </Button>
      </Form>
    </Card>
  );
}
