// A new password's field (at least 10 characters) and, with `again`, the field that asks for it once more.
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

type Props = { label: string; name?: string; again?: { label: string; mismatch: string } };
export function NewPasswordItems({ label, name = 'password', again }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item label={label} name={name} rules={[{ required: true, min: 10, message: t('errors.WEAK_PASSWORD') }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {again && (
        <Form.Item
          label={again.label}
          name="again"
          dependencies={[name]}
          rules={[
            { required: true, message: again.mismatch },
            ({ getFieldValue }) => ({
              validator: (_r, v) => (v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(again.mismatch))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </>
  );
}
