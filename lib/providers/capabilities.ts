import { KEY_TYPES, type KeyType } from '@/lib/keys/key-types';

/**
 * The capability matrix (DESIGN.md §1): which key types each provider kind accepts, with which
 * purposes and protections. The one source for validation, the UI's choices and the docs.
 */
export const PROVIDER_KINDS = ['awskms', 'azurekeyvault'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PURPOSES = ['encrypt', 'decrypt', 'sign', 'verify', 'wrap', 'unwrap'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PROTECTIONS = ['hsm', 'software'] as const;
export type Protection = (typeof PROTECTIONS)[number];

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  awskms: 'AWS KMS',
  azurekeyvault: 'Azure Key Vault',
};

export interface Capability {
  /** Each entry is one allowed purpose set; a distribution's purposes must equal one of them exactly
   * (AWS), or be a non-empty subset of the union when `subsets` is true (Azure key_ops). */
  purposeSets: readonly (readonly Purpose[])[];
  subsets: boolean;
  protections: readonly Protection[];
}

export type CapabilityAnswer = { ok: true; capability: Capability } | { ok: false; reason: string };

const AWS_HSM = ['hsm'] as const;
const AZURE_BOTH = ['hsm', 'software'] as const;

export function capabilityOf(kind: ProviderKind, type: KeyType): CapabilityAnswer {
  const algorithm = KEY_TYPES[type].algorithm;
  if (kind === 'awskms') {
    if (algorithm === 'aes') return { ok: true, capability: { purposeSets: [['encrypt', 'decrypt']], subsets: false, protections: AWS_HSM } };
    if (algorithm === 'rsa') {
      return { ok: true, capability: { purposeSets: [['encrypt', 'decrypt'], ['sign', 'verify']], subsets: false, protections: AWS_HSM } };
    }
    return { ok: true, capability: { purposeSets: [['sign', 'verify']], subsets: false, protections: AWS_HSM } };
  }
  if (algorithm === 'aes') {
    return {
      ok: false,
      reason: 'Azure Key Vault vaults do not hold imported AES keys (only Managed HSM does), so AES keys cannot be distributed to Key Vault.',
    };
  }
  if (algorithm === 'rsa') return { ok: true, capability: { purposeSets: [PURPOSES], subsets: true, protections: AZURE_BOTH } };
  return { ok: true, capability: { purposeSets: [['sign', 'verify']], subsets: true, protections: AZURE_BOTH } };
}

const sorted = (purposes: readonly Purpose[]) => [...new Set(purposes)].sort((a, b) => PURPOSES.indexOf(a) - PURPOSES.indexOf(b));

/** Why (kind, type, purposes, protection) is not distributable, or null when it is. */
export function refusal(kind: ProviderKind, type: KeyType, purposes: readonly Purpose[], protection: Protection): string | null {
  const answer = capabilityOf(kind, type);
  if (!answer.ok) return answer.reason;
  const { capability } = answer;
  const label = PROVIDER_KIND_LABELS[kind];
  if (!capability.protections.includes(protection)) {
    return `${label} accepts ${type} keys with protection ${capability.protections.join(' or ')}, not ${protection}.`;
  }
  const wanted = sorted(purposes);
  if (wanted.length === 0) return 'Choose at least one purpose.';
  const fits = capability.purposeSets.some((set) =>
    capability.subsets ? wanted.every((p) => set.includes(p)) : wanted.length === set.length && wanted.every((p) => set.includes(p)),
  );
  if (fits) return null;
  const options = capability.purposeSets.map((set) => set.join('+')).join(capability.subsets ? ', ' : ' or ');
  return capability.subsets
    ? `${label} accepts ${type} keys for ${options}; ${wanted.join('+')} is not among them.`
    : `${label} accepts ${type} keys for exactly ${options}, not ${wanted.join('+')}.`;
}

/** Purposes in their canonical order, without repeats (how they are stored). */
export const normalizePurposes = sorted;
