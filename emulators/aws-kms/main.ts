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
  });
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
