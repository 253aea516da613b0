import { parseArgs } from 'node:util';
import { mergeQuotaSettings, parseQuota, quotaSettings, type QuotaSettings } from './quotas';
import { DEFAULT_PORT, startAwsKmsEmulator } from './server';

const USAGE = `Usage: npm run emulator:aws -- [options]

  --port <n>          port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>       address to bind (default 127.0.0.1)
  --data <file>       keep state in this JSON file across restarts (default: memory only)
  --region <name>     region for requests without a SigV4 credential scope (default us-east-1)
  --account <id>      12-digit account id used in ARNs (default 111122223333)
  --latency-ms <n>    add this delay to every KMS request
  --fault <spec>      OPERATION:KIND[:COUNT], KIND one of 500, throttle, drop; repeatable
  --quotas aws        enforce AWS KMS's default request quotas (default: no quotas)
  --quota <q>=<rps>   set or override one quota, q an operation (CreateKey), a shared
                      quota (symmetric, rsa, ecc), either with @<region> for one region;
                      repeatable, applied after --quotas
  --quiet             no request log

STS and credentials (STS is always served on the same port):
  --check-credentials refuse requests from unknown access keys and expired sessions
  --access-key <k>    AKID:SECRET[:USER], a known static key; repeatable
  --role <spec>       ROLE_ARN[:TRUST[,TRUST...]], a role STS may issue sessions for; TRUST is an
                      access key id, a principal ARN, a web identity subject, * or
                      external-id=ID (required ExternalId); no TRUST: anyone; repeatable
  --oidc-jwks <j>     JWKS (file or inline JSON) web identity tokens must be signed with
  --oidc-issuer <url> the iss web identity tokens must carry (default: any)
  --oidc-audience <a> the aud web identity tokens must carry (default sts.amazonaws.com)
  --instance-role <arn>
                      serve instance metadata (IMDSv2) and container credentials for this role
  --metadata-port <n> also serve them, and only them, over plain HTTP on this port (0: free one)
  --container-path <p>
                      container credentials path (default /v2/credentials/emulator)
  --container-token <t>
                      Authorization value the container credentials endpoint requires
  --deny <spec>       CALLER:kms:Action[,kms:Action...], CALLER an access key id or role ARN;
                      refuses those KMS actions with AccessDeniedException; repeatable

HTTPS:
  --https             serve HTTPS with a certificate for localhost and 127.0.0.1
  --cert-dir <dir>    where the generated certificate lives (default: the --data folder, else .tmp/aws-kms)
  --cert <file>       your own certificate (PEM); needs --key
  --key <file>        its private key (PEM)
  --help              this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      region: { type: 'string' },
      account: { type: 'string' },
      'latency-ms': { type: 'string' },
      fault: { type: 'string', multiple: true },
      quotas: { type: 'string' },
      quota: { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      'check-credentials': { type: 'boolean' },
      'access-key': { type: 'string', multiple: true },
      role: { type: 'string', multiple: true },
      'oidc-jwks': { type: 'string' },
      'oidc-issuer': { type: 'string' },
      'oidc-audience': { type: 'string' },
      'instance-role': { type: 'string' },
      'metadata-port': { type: 'string' },
      'container-path': { type: 'string' },
      'container-token': { type: 'string' },
      deny: { type: 'string', multiple: true },
      https: { type: 'boolean' },
      'cert-dir': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (text: string | undefined, name: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) throw new Error('--account must be 12 digits');
  if (values.quotas !== undefined && values.quotas !== 'aws') throw new Error('--quotas takes only "aws"');
  const base: QuotaSettings = values.quotas === undefined ? {} : quotaSettings(values.quotas);
  const quotas = mergeQuotaSettings(base, ...(values.quota ?? []).map(parseQuota));

  const emulator = await startAwsKmsEmulator({
    port: number(values.port, 'port') ?? DEFAULT_PORT,
    ...(values.host !== undefined && { host: values.host }),
    ...(values.data !== undefined && { dataFile: values.data }),
    ...(values.region !== undefined && { region: values.region }),
    ...(values.account !== undefined && { accountId: values.account }),
    latencyMs: number(values['latency-ms'], 'latency-ms') ?? 0,
    faults: values.fault ?? [],
    quotas,
    quiet: values.quiet ?? false,
    checkCredentials: values['check-credentials'] ?? false,
    accessKeys: values['access-key'] ?? [],
    roles: values.role ?? [],
    ...(values['oidc-jwks'] !== undefined && { oidcJwks: values['oidc-jwks'] }),
    ...(values['oidc-issuer'] !== undefined && { oidcIssuer: values['oidc-issuer'] }),
    ...(values['oidc-audience'] !== undefined && { oidcAudience: values['oidc-audience'] }),
    ...(values['instance-role'] !== undefined && { instanceRole: values['instance-role'] }),
    ...(values['metadata-port'] !== undefined && { metadataPort: number(values['metadata-port'], 'metadata-port') }),
    ...(values['container-path'] !== undefined && { containerCredentialsPath: values['container-path'] }),
    ...(values['container-token'] !== undefined && { containerAuthorizationToken: values['container-token'] }),
    deny: values.deny ?? [],
    https: values.https ?? false,
    ...(values['cert-dir'] !== undefined && { certDir: values['cert-dir'] }),
    ...(values.cert !== undefined && { certFile: values.cert }),
    ...(values.key !== undefined && { keyFile: values.key }),
  });
  if (emulator.metadataUrl) console.log(`aws-kms emulator: instance and container metadata on ${emulator.metadataUrl}`);
  if (emulator.certPath) console.log(`aws-kms emulator: trust the certificate ${emulator.certPath}`);
  // Last, so that whoever waits for this line has the ones above too.
  console.log(`aws-kms emulator listening on ${emulator.url}`);

  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`aws-kms emulator: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
});
