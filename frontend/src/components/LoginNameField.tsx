import type { CSSProperties } from 'react';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** LoginNameField is the login-name form item (field login): required, no slash. style goes to the item, the rest to the input. */
export function LoginNameField({ style, placeholder, 'data-testid': testid }: { style?: CSSProperties; placeholder?: string; 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="login"
      label={t('user.login')}
      extra={t('user.loginHelp')}
      rules={[
        { required: true, whitespace: true, message: t('form.required') },
        { pattern: /^[^/]*$/, message: t('user.loginSlash') },
      ]}
      style={style}
    >
      <Input autoComplete="off" placeholder={placeholder} data-testid={testid} />
    </Form.Item>
  );
}
