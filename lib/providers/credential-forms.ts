import { DomainError } from '@/lib/errors';
import type { ProviderKind } from './capabilities';
import type { AwsAccessKey, AwsCredentials, ProviderCredentials } from './contract';

const AWS_FORMS = new Set(['static', 'assume_role', 'web_identity', 'profile']);

const accessKey = ({ accessKeyId, secretAccessKey, sessionToken }: AwsAccessKey): AwsAccessKey => ({
  accessKeyId,
  secretAccessKey,
  ...(sessionToken && { sessionToken }),
});

/** Drops absent optional fields, so the sealed JSON holds only what was given. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;

function awsCredentialsOf(fields: AwsCredentials): AwsCredentials {
  switch (fields.form) {
    case 'static':
      return { form: 'static', ...accessKey(fields) };
    case 'assume_role':
      return defined({
        form: 'assume_role',
        roleArn: fields.roleArn,
        externalId: fields.externalId,
        sessionName: fields.sessionName,
        source: fields.source === 'default_chain' ? 'default_chain' : accessKey(fields.source),
      });
    case 'web_identity':
      return defined({ form: 'web_identity', roleArn: fields.roleArn, sessionName: fields.sessionName, tokenFile: fields.tokenFile, tokenCommand: fields.tokenCommand });
    case 'profile':
      return defined({ form: 'profile', profile: fields.profile, credentialsFile: fields.credentialsFile, configFile: fields.configFile });
  }
}

/** Validated credential fields → the stored credential form, checked against the provider's kind. */
export function credentialsFor(kind: ProviderKind, fields: object): ProviderCredentials {
  if (kind === 'awskms' && 'form' in fields && AWS_FORMS.has(String(fields.form))) return awsCredentialsOf(fields as AwsCredentials);
  if (kind === 'azurekeyvault' && 'tenantId' in fields) {
    const { tenantId, clientId, clientSecret, cloud } = fields as { tenantId: string; clientId: string; clientSecret: string; cloud?: string };
    return { form: 'client_secret', tenantId, clientId, clientSecret, ...(cloud && { cloud }) };
  }
  const expected =
    kind === 'awskms' ? 'one of the forms static (accessKeyId, secretAccessKey), assume_role, web_identity or profile' : 'tenantId, clientId and clientSecret';
  throw new DomainError('invalid_input', `Credentials for a ${kind} provider are ${expected}.`, { credentials: [`Give ${expected}.`] });
}
