import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { minPasswordLength, passwordProblem } from '../format/password';
import { PasswordStrength } from './PasswordStrength';

interface Props {
  password: string;
  testid: string;
  label?: string;
  /** The user's login and name and the office's name: a password built on them is refused. */
  personal?: string[];
  /** Form fields that personal comes from, so the password is checked again when they change. */
  dependencies?: string[];
}

/**
 * PasswordFields is "new password" twice with the strength hint (fields
 * password and password2). It refuses, with the reason, what the vault
 * would refuse (core/password): too short, common, a keyboard walk, a run,
 * a date, or the user's own words.
 */
export function PasswordFields({ password, testid, label, personal = [], dependencies = [] }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="password"
        label={label ?? t('password.label')}
        dependencies={dependencies}
        rules={[
          { required: true, message: t('form.required') },
          {
            validator: (_, v: string | undefined) => {
              const problem = v ? passwordProblem(v, personal) : null;
              if (!problem) return Promise.resolve();
              const text = problem === 'too_short' ? t('password.tooShort', { min: minPasswordLength }) : t(`errors.password.${problem}`);
              return Promise.reject(new Error(text));
            },
          },
        ]}
        extra={<PasswordStrength value={password} personal={personal} />}
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
