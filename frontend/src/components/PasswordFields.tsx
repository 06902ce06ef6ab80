import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { minPasswordLength } from '../format/password';
import { PasswordStrength } from './PasswordStrength';

/** PasswordFields is "new password" twice with the strength hint (fields password and password2). */
export function PasswordFields({ password, testid, label }: { password: string; testid: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="password"
        label={label ?? t('password.label')}
        rules={[
          { required: true, message: t('form.required') },
          { min: minPasswordLength, message: t('password.tooShort', { min: minPasswordLength }) },
        ]}
        extra={<PasswordStrength value={password} />}
      >
        <Input.Password autoComplete="new-password" data-testid={`${testid}-password`} />
      </Form.Item>
      <Form.Item
        name="password2"
        label={t('password.again')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('form.required') },
          ({ getFieldValue }) => ({
            validator: (_, v) => (!v || getFieldValue('password') === v ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={`${testid}-password2`} />
      </Form.Item>
    </>
  );
}
