import { parseArgs } from 'node:util';
import { parseClient } from './clients';
import { DEFAULT_IDENTITY_PORT, DEFAULT_PORT, DEFAULT_VAULT, startAzureKeyVaultEmulator } from './server';
import type { RecoveryLevel } from './state';

const RECOVERY_LEVELS: RecoveryLevel[] = ['Recoverable+Purgeable', 'Recoverable', 'Purgeable'];

const USAGE = `Usage: npm run emulator:azure -- [options]

  --port <n>              HTTPS port of the first vault, Entra and admin (default ${DEFAULT_PORT}; 0 picks free ports);
                          further vaults listen on the next ports
  --host <addr>           address to bind (default 127.0.0.1)
  --vault <name>          a vault to serve; repeatable (default ${DEFAULT_VAULT})
  --data <file>           keep state in this JSON file across restarts (default: memory only)
  --cert-dir <dir>        where the generated certificate and signing key live
                          (default: the data file's folder, else .tmp/azure-keyvault)
  --cert <file>           your own certificate (PEM); needs --key
  --key <file>            its private key (PEM)
  --tenant <id>           tenant of the vaults (default 11111111-1111-4111-8111-111111111111)
  --client <spec>         [TENANT/]CLIENT_ID:SECRET, an app registration; repeatable (default: the demo client)
  --recovery-level <lvl>  Recoverable+Purgeable (default), Recoverable (purge protection) or Purgeable (no soft delete)
  --retention-days <n>    soft-delete retention, 7-90 (default 90)
  --identity-port <n|off> plain-HTTP managed identity endpoint (default ${DEFAULT_IDENTITY_PORT}; 0 picks a free one)
  --latency-ms <n>        add this delay to every vault and Entra request
  --fault <spec>          OPERATION:KIND[:COUNT], KIND one of 500, 429, drop; repeatable
  --quiet                 no request log
  --help                  this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      vault: { type: 'string', multiple: true },
      data: { type: 'string' },
      'cert-dir': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      tenant: { type: 'string' },
      client: { type: 'string', multiple: true },
      'recovery-level': { type: 'string' },
      'retention-days': { type: 'string' },
      'identity-port': { type: 'string' },
      'latency-ms': { type: 'string' },
      fault: { type: 'string', multiple: true },
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
  const level = values['recovery-level'];
  if (level !== undefined && !RECOVERY_LEVELS.includes(level as RecoveryLevel)) {
    throw new Error(`--recovery-level must be one of ${RECOVERY_LEVELS.join(', ')}`);
  }
  const identityPort = values['identity-port'] === 'off' ? false : number(values['identity-port'], 'identity-port');

  const emulator = await startAzureKeyVaultEmulator({
    port: number(values.port, 'port') ?? DEFAULT_PORT,
    ...(values.host !== undefined && { host: values.host }),
    ...(values.vault !== undefined && { vaults: values.vault }),
    ...(values.data !== undefined && { dataFile: values.data }),
    ...(values['cert-dir'] !== undefined && { certDir: values['cert-dir'] }),
    ...(values.cert !== undefined && { certFile: values.cert }),
    ...(values.key !== undefined && { keyFile: values.key }),
    ...(values.tenant !== undefined && { tenantId: values.tenant }),
    ...(values.client !== undefined && { clients: values.client.map(parseClient) }),
    ...(level !== undefined && { recoveryLevel: level as RecoveryLevel }),
    ...(values['retention-days'] !== undefined && { retentionDays: number(values['retention-days'], 'retention-days')! }),
    ...(identityPort !== undefined && { identityPort }),
    latencyMs: number(values['latency-ms'], 'latency-ms') ?? 0,
    faults: values.fault ?? [],
    quiet: values.quiet ?? false,
  });
  for (const vault of emulator.vaults) console.log(`azure-keyvault emulator: vault ${vault} at ${emulator.vaultUrl(vault)}`);
  console.log(`azure-keyvault emulator: authority host ${emulator.authorityHost}, tenant ${emulator.tenantId}, client ${emulator.clientId}`);
  console.log(`azure-keyvault emulator: trust the certificate ${emulator.certPath}`);
  if (emulator.identityEndpoint) console.log(`azure-keyvault emulator: managed identity at ${emulator.identityEndpoint}`);
  console.log(`azure-keyvault emulator listening on ${emulator.url}`);

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
  console.error(`azure-keyvault emulator: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
});
