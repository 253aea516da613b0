'use server';
import { revalidatePath } from 'next/cache';
import { decideRequest, type DecisionOutcome } from '@/lib/approvals/decide-request';
import { setPolicy } from '@/lib/approvals/set-policy';
import { withdrawRequest } from '@/lib/approvals/withdraw-request';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { requireContext } from '@/lib/auth/session';
import { createUser } from '@/lib/users/create-user';
import { resetPassword, setDisabled, setRoles } from '@/lib/users/update-user';
import { formFields, isTextArgument, toActionResult, wrongArguments } from './result';

export async function decideRequestAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const result = await toActionResult(
    async () => decideRequest(formFields(form), await requireContext()),
    (p) => (p.status === 'done' ? decisionMessage(p.result) : ''),
  );
  revalidatePath('/approvals', 'layout');
  return result;
}

export async function withdrawRequestAction(requestId: unknown) {
  const result = await toActionResult(
    async () => withdrawRequest({ requestId }, await requireContext()),
    (p) => (p.status === 'done' ? `Withdrew request #${p.result.number}.` : ''),
  );
  revalidatePath('/approvals', 'layout');
  return result;
}

function decisionMessage(outcome: DecisionOutcome): string {
  switch (outcome.state) {
    case 'pending':
      return `Approved request #${outcome.number}: ${outcome.approvals} of ${outcome.requiredApprovals} approvals.`;
    case 'executed':
      return `Approved request #${outcome.number}: the operation ran.`;
    case 'failed':
      return `Approved request #${outcome.number}, but the operation failed: ${outcome.result}`;
    case 'denied':
      return `Denied request #${outcome.number}.`;
  }
}

export async function setPolicyAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const result = await toActionResult(async () => setPolicy(formFields(form), await requireContext()), () => 'Policy saved.');
  revalidatePath('/admin/policies');
  return result;
}

export async function createUserAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const result = await toActionResult(
    async () => createUser(formFields(form), await requireContext()),
    (p) => (p.status === 'done' ? `User "${p.result.username}" created.` : ''),
  );
  revalidatePath('/admin/users');
  return result;
}

export async function setRolesAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const result = await toActionResult(async () => setRoles(formFields(form), await requireContext()), () => 'Roles saved.');
  revalidatePath('/admin/users');
  return result;
}

export async function setDisabledAction(username: string, disabled: boolean) {
  if (!isTextArgument(username) || typeof disabled !== 'boolean') return wrongArguments();
  const result = await toActionResult(
    async () => setDisabled({ username, disabled }, await requireContext()),
    () => (disabled ? `User "${username}" disabled: their sessions have ended.` : `User "${username}" enabled.`),
  );
  revalidatePath('/admin/users');
  return result;
}

export async function resetPasswordAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  return toActionResult(
    async () => resetPassword(formFields(form), await requireContext()),
    () => 'Password reset: the user was signed out everywhere.',
  );
}

export async function verifyAuditChainAction() {
  return toActionResult(async () => verifyAuditChain(await requireContext()));
}
